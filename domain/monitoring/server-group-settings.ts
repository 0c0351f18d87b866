import { DomainError } from '../shared/index.ts';
import { isKnownTimeZone, requireIntegerIn, requiredPlainText } from './monitoring-text.ts';

/** Where a group's alerts go: a Telegram chat and, in a forum supergroup, one topic of it. */
export interface AlertRoute {
  /** The Bot API `chat_id` (negative for groups and channels). */
  readonly chatId: number;
  /** The forum topic's `message_thread_id`; `null`: the chat itself (its General topic in a forum). */
  readonly messageThreadId: number | null;
}

/**
 * Hours in which alerts still go out but silently (`disable_notification`), in the group's time zone; `from`
 * after `until` spans midnight (22:00..07:00).
 */
export interface QuietHours {
  /** `HH:MM`, 24-hour. */
  readonly from: string;
  readonly until: string;
  readonly timeZone: string;
}

/** When a group counts as DOWN: any of its servers down, all of them, or at least `count`. */
export type GroupStatusRule =
  { readonly kind: 'any' } | { readonly kind: 'all' } | { readonly kind: 'atLeast'; readonly count: number };

/** How many servers a group holds at most (bounds every loop of the reactor over a group). */
export const MAX_SERVERS_PER_GROUP = 1000;

/** Trims and checks a group name: required, plain text, at most 100 characters. */
export const normalizeGroupName = (name: string): string =>
  requiredPlainText(name, 100, 'SERVER_GROUP.INVALID_NAME', 'name');

/** Checks a chat id (a non-zero integer the Bot API can hold) and a topic id (a positive integer). */
export function normalizeAlertRoute(route: AlertRoute): AlertRoute {
  const { chatId, messageThreadId } = route;
  if (!Number.isSafeInteger(chatId) || chatId === 0) {
    throw new DomainError('SERVER_GROUP.INVALID_ALERT_ROUTE', 'chatId must be a Telegram chat id', {
      field: 'chatId',
    });
  }
  if (messageThreadId !== null) {
    requireIntegerIn(messageThreadId, 1, 2 ** 31 - 1, 'SERVER_GROUP.INVALID_ALERT_ROUTE', 'messageThreadId');
  }
  return { chatId, messageThreadId };
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function normalizeQuietHours(hours: QuietHours): QuietHours {
  for (const field of ['from', 'until'] as const) {
    if (!CLOCK_TIME.test(hours[field])) {
      throw new DomainError('SERVER_GROUP.INVALID_QUIET_HOURS', `${field} must be a time HH:MM`, { field });
    }
  }
  if (hours.from === hours.until) {
    throw new DomainError('SERVER_GROUP.INVALID_QUIET_HOURS', 'Quiet hours must not start when they end', {
      field: 'until',
    });
  }
  if (!isKnownTimeZone(hours.timeZone)) {
    throw new DomainError('SERVER_GROUP.INVALID_QUIET_HOURS', `Unknown time zone "${hours.timeZone}"`, {
      field: 'timeZone',
    });
  }
  return { from: hours.from, until: hours.until, timeZone: hours.timeZone };
}

export function normalizeStatusRule(rule: GroupStatusRule): GroupStatusRule {
  if (rule.kind !== 'atLeast') return { kind: rule.kind };
  const count = requireIntegerIn(
    rule.count,
    1,
    MAX_SERVERS_PER_GROUP,
    'SERVER_GROUP.INVALID_STATUS_RULE',
    'statusRule.count',
  );
  return { kind: 'atLeast', count };
}

/** Whether a group with `down` of its `total` servers down counts as DOWN under `rule`. */
export function isGroupDown(rule: GroupStatusRule, down: number, total: number): boolean {
  if (down === 0) return false;
  switch (rule.kind) {
    case 'any':
      return true;
    case 'all':
      return down >= total;
    case 'atLeast':
      return down >= rule.count;
  }
}
