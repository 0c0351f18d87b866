import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import {
  ACKNOWLEDGE_CALLBACK_PREFIX,
  ALERT_MEMBER_STATES,
  type AlertMember,
  type AlertMessageParams,
} from '../../../projections/index.ts';
import type { CallbackSigner } from '../callback-data.ts';
import { type Language, chooseLanguage, escapeHtml } from '../i18n/index.ts';

// Kept beside the alert rather than in the bot's dictionaries: a group chat has no user language, only the
// `bot.language` setting, and these words are the alert's alone.
const TEXTS = {
  ru: {
    down: '🔴 Недоступен',
    recoveredAll: '✅ Все восстановлены',
    noneDown: '⚪ Недоступных нет',
    maintenance: '🔧 обслуживание, оповещения до его конца отключены',
    paused: '⏸ проверки приостановлены',
    removed: 'удалён из мониторинга',
    group: 'Группа',
    since: 'с',
    firstError: 'первая ошибка',
    upAfter: '✅ восстановлен, простой',
    heldBack: 'недоступен вслед за',
    acknowledged: 'взял(а)',
    acknowledge: '👀 Беру',
    groupDown: (down: number, total: number) => `группа НЕДОСТУПНА (${down} из ${total} ${serversRu(total)})`,
    groupPartly: (down: number, total: number) => `недоступны ${down} из ${total} ${serversRu(total)}`,
  },
  en: {
    down: '🔴 Down',
    recoveredAll: '✅ All recovered',
    noneDown: '⚪ Nothing is down',
    maintenance: '🔧 under maintenance, no alerts until it ends',
    paused: '⏸ checks paused',
    removed: 'removed from monitoring',
    group: 'Group',
    since: 'since',
    firstError: 'first error',
    upAfter: '✅ recovered, down for',
    heldBack: 'down behind',
    acknowledged: 'taken by',
    acknowledge: '👀 Take it',
    groupDown: (down: number, total: number) =>
      `group DOWN (${down} of ${total} ${total === 1 ? 'server' : 'servers'})`,
    groupPartly: (down: number, total: number) =>
      `${down} of ${total} ${total === 1 ? 'server' : 'servers'} down`,
  },
} as const satisfies Record<Language, Record<string, string | ((down: number, total: number) => string)>>;

/** «из 1 сервера», «из 5 серверов», «из 21 сервера»: the genitive after «из». */
function serversRu(total: number): string {
  return total % 10 === 1 && total % 100 !== 11 ? 'сервера' : 'серверов';
}

const Member = z.object({
  incidentId: z.string(),
  checkId: z.string(),
  serverId: z.string(),
  serverName: z.string(),
  since: z.string(),
  firstError: z.string(),
  state: z.enum(ALERT_MEMBER_STATES),
  downForSeconds: z.number().nullable(),
  suppressedBy: z.string().nullable(),
  acknowledgedBy: z.object({ kind: z.string(), id: z.string(), name: z.string().nullable() }).nullable(),
});
/** A group's incident, however many servers joined it: the text is cut to fit (`MAX_TEXT_CHARS`). */
export const AlertParams = z.object({
  groupName: z.string(),
  members: z.array(Member).min(1),
  groupStatus: z
    .object({ down: z.number().int().min(0), total: z.number().int().min(0), groupDown: z.boolean() })
    .optional(),
});

/**
 * Telegram refuses a message over 4096 characters, and a refusal of our own text would park the reactor and
 * stop every group's alerts: a large outage lists the servers that fit and counts the rest.
 */
const MAX_TEXT_CHARS = 3900;

/** `2026-12-03 07:31 UTC`: alerts go to a chat of people in different places; UTC says it once for all. */
const at = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const DURATION_UNITS = {
  en: { h: 'h', min: 'min', s: 's' },
  ru: { h: 'ч', min: 'мин', s: 'с' },
} as const satisfies Record<Language, Record<'h' | 'min' | 's', string>>;

/** `1 h 5 min`, `3 min`, `40 s` (`1 ч 5 мин` in Russian: an alert says it all in one language). */
export function durationText(seconds: number, language: Language = 'en'): string {
  const unit = DURATION_UNITS[language];
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0) return m > 0 ? `${h} ${unit.h} ${m} ${unit.min}` : `${h} ${unit.h}`;
  if (m > 0) return `${m} ${unit.min}`;
  return `${Math.max(0, Math.round(seconds))} ${unit.s}`;
}

const FIRST_ERROR_CHARS = 200;

function memberLine(member: AlertMember, language: Language, members: readonly AlertMember[]) {
  const texts = TEXTS[language];
  const name = `<b>${escapeHtml(member.serverName)}</b>`;
  const error = escapeHtml(member.firstError.slice(0, FIRST_ERROR_CHARS));
  const taker = member.acknowledgedBy;
  const taken = taker ? ` — ${texts.acknowledged} ${escapeHtml(taker.name ?? '—')}` : '';
  if (member.state === 'up') {
    return `${name}: ${texts.upAfter} ${durationText(member.downForSeconds ?? 0, language)} (${texts.firstError}: ${error})`;
  }
  if (member.state !== 'down') return `${name}: ${texts[member.state]}`;
  if (member.suppressedBy !== null) {
    const parent = members.find((m) => m.serverId === member.suppressedBy)?.serverName ?? member.suppressedBy;
    return `  ↳ ${name}: ${texts.heldBack} ${escapeHtml(parent)}`;
  }
  return `${name} — ${texts.since} ${at(member.since)}, ${texts.firstError}: ${error}${taken}`;
}

/** The alert message as it is now (Telegram HTML), in the `bot.language`. */
export function monitoringAlertText(
  params: AlertMessageParams,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const language = chooseLanguage(null, settings);
  const texts = TEXTS[language];
  const anyDown = params.members.some((m) => m.state === 'down');
  const allUp = params.members.every((m) => m.state === 'up');
  // The children held back go right under their parent.
  const own = params.members.filter((m) => m.suppressedBy === null || m.state !== 'down');
  const lines: string[] = [];
  for (const member of own) {
    lines.push(memberLine(member, language, params.members));
    for (const child of params.members) {
      if (child.state === 'down' && child.suppressedBy === member.serverId) {
        lines.push(memberLine(child, language, params.members));
      }
    }
  }
  const status = params.groupStatus;
  // While someone is down, the group as a whole by its status rule: 🔴 DOWN, or 🟠 some of it.
  const state = anyDown
    ? status === undefined || status.groupDown
      ? texts.down
      : texts.down.replace('🔴', '🟠')
    : allUp
      ? texts.recoveredAll
      : texts.noneDown;
  const whole =
    anyDown && status !== undefined
      ? ` — ${status.groupDown ? texts.groupDown(status.down, status.total) : texts.groupPartly(status.down, status.total)}`
      : '';
  const header = `${state} · ${texts.group}: ${escapeHtml(params.groupName.slice(0, 200))}${whole}`;
  const shown = [header];
  let length = header.length;
  for (const line of lines) {
    if (length + 1 + line.length > MAX_TEXT_CHARS) break;
    shown.push(line);
    length += 1 + line.length;
  }
  const hidden = lines.length - (shown.length - 1);
  if (hidden > 0) shown.push(`… +${hidden}`);
  return shown.join('\n');
}

/** The slot part of an incident id (`<checkId>:<slot>`). */
const slotOf = (member: AlertMember) => member.incidentId.slice(member.incidentId.lastIndexOf(':') + 1);

/** The acknowledge button while someone's own DOWN is not taken; none once all are taken or recovered. */
export function monitoringAlertKeyboard(
  params: AlertMessageParams,
  chatId: number,
  signer: CallbackSigner,
  settings: Readonly<Record<string, SettingValue>>,
): { inline_keyboard: { text: string; callback_data: string }[][] } | undefined {
  const open = params.members.some((m) => m.state === 'down' && m.suppressedBy === null && !m.acknowledgedBy);
  const first = params.members[0];
  if (!open || !first) return undefined;
  let data: string;
  try {
    // `ma:<checkId without dashes>:<slot>:<mac>`: the first incident names the message (the press finds the
    // rest from it); a uuid's dashes cut, a slot of up to 15 digits fits Telegram's 64 bytes.
    data = signer.sign(chatId, [
      ACKNOWLEDGE_CALLBACK_PREFIX,
      first.checkId.replaceAll('-', ''),
      slotOf(first),
    ]);
  } catch {
    // Over Telegram's 64 bytes (a slot of many digits): the alert goes out without its button.
    return undefined;
  }
  const texts = TEXTS[chooseLanguage(null, settings)];
  return { inline_keyboard: [[{ text: texts.acknowledge, callback_data: data }]] };
}
