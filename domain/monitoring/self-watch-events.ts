import type { Event } from '../shared/index.ts';

/**
 * What TBot watches in itself (#15): checks of this node starting late, monitoring alerts that cannot be sent,
 * a projection or reactor parked on a failing event.
 */
export const SELF_CHECK_CONDITIONS = ['checks-late', 'alerts-unsent', 'projection-parked'] as const;

export type SelfCheckCondition = (typeof SELF_CHECK_CONDITIONS)[number];

/**
 * What is wrong, in figures and names the code chose (a node id, a projection's name, an error's class and
 * code), never a value a person typed: the detail stays in the log for good, and goes to the admins' chat.
 */
export type SelfCheckDetail =
  /** `late` of the `ran` checks run on the node in the last `windowMinutes` started more than 1 s after their slot. */
  | {
      readonly condition: 'checks-late';
      readonly late: number;
      readonly ran: number;
      readonly windowMinutes: number;
    }
  /** `unsent` alerts undeliverable or still retrying; the oldest of them was written `oldestMinutes` ago. */
  | {
      readonly condition: 'alerts-unsent';
      readonly unsent: number;
      readonly oldestMinutes: number;
      /** Telegram's answer to the last try (`403 Forbidden: bot was kicked from the group chat`), if one. */
      readonly lastError: string | null;
    }
  /** Parked on an event of `eventType`, with the failure's summary (class, code, SQLSTATE). */
  | { readonly condition: 'projection-parked'; readonly eventType: string; readonly error: string };

/**
 * A self-check started failing: the `episode`-th time on its stream. `subject`: the node (checks running late),
 * the projection (parked), `cluster` (alerts unsent, one outbox for all nodes).
 */
export type SelfCheckFailed = Event<
  'SelfCheckFailed',
  {
    condition: SelfCheckCondition;
    subject: string;
    episode: number;
    since: string;
    detail: SelfCheckDetail;
  }
>;

/**
 * The failing self-check ended after `failedForSeconds`: `cleared`, seen clear again; `gone`, its subject is no
 * more (a node that stopped or died while its checks ran late: nobody is left to see it clear).
 */
export type SelfCheckRecovered = Event<
  'SelfCheckRecovered',
  {
    condition: SelfCheckCondition;
    subject: string;
    episode: number;
    since: string;
    at: string;
    failedForSeconds: number;
    ended: 'cleared' | 'gone';
  }
>;

export type SelfWatchEvent = SelfCheckFailed | SelfCheckRecovered;

export const SELF_WATCH_EVENT_TYPES: readonly SelfWatchEvent['type'][] = [
  'SelfCheckFailed',
  'SelfCheckRecovered',
];
