import { type Decider, assertNever, blankControlCharacters } from '../shared/index.ts';
import type { SelfWatchCommand } from './self-watch-commands.ts';
import type { SelfCheckCondition, SelfCheckDetail, SelfWatchEvent } from './self-watch-events.ts';

/** A self-check's stream: clear, or failing since `since` in its `episodes`-th episode. */
export type SelfWatchState =
  | { readonly status: 'clear'; readonly episodes: number }
  | { readonly status: 'failing'; readonly episodes: number; readonly since: string };

/** How long a text of a detail may be: a line in a chat, not a log. */
export const SELF_CHECK_TEXT_LIMITS = { eventType: 100, error: 300, lastError: 200, subject: 64 } as const;
const MAX_COUNT = 1_000_000_000;

const SUBJECT_CHARACTERS = /[^A-Za-z0-9._:-]/g;

/**
 * A subject as streams and events keep it: the characters of a node id or a projection name only, at most 64;
 * anything else becomes `_`, and nothing at all `-`.
 */
export function selfCheckSubject(subject: string): string {
  const kept = subject.replace(SUBJECT_CHARACTERS, '_').slice(0, SELF_CHECK_TEXT_LIMITS.subject);
  return kept === '' ? '-' : kept;
}

const text = (value: string, limit: number): string => blankControlCharacters(value).trim().slice(0, limit);
const count = (value: number): number =>
  Number.isFinite(value) ? Math.min(MAX_COUNT, Math.max(0, Math.round(value))) : 0;

/** The detail bounded: whole non-negative figures, texts without control characters and cut to their limits. */
export function boundedSelfCheckDetail(detail: SelfCheckDetail): SelfCheckDetail {
  switch (detail.condition) {
    case 'checks-late':
      return {
        condition: detail.condition,
        late: count(detail.late),
        ran: count(detail.ran),
        windowMinutes: count(detail.windowMinutes),
      };
    case 'alerts-unsent': {
      const lastError =
        detail.lastError === null ? '' : text(detail.lastError, SELF_CHECK_TEXT_LIMITS.lastError);
      return {
        condition: detail.condition,
        unsent: count(detail.unsent),
        oldestMinutes: count(detail.oldestMinutes),
        lastError: lastError === '' ? null : lastError,
      };
    }
    case 'projection-parked':
      return {
        condition: detail.condition,
        eventType: text(detail.eventType, SELF_CHECK_TEXT_LIMITS.eventType),
        error: text(detail.error, SELF_CHECK_TEXT_LIMITS.error),
      };
    default:
      return assertNever(detail);
  }
}

const seconds = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/**
 * One self-check (a condition of one subject) as a stream of its changes. Seen failing while clear starts an
 * episode, seen clear while failing ends it; anything else (still failing, with other figures; still clear) is
 * no event: the admins hear of a problem once, and of its end once.
 */
export const selfWatchDecider: Decider<SelfWatchCommand, SelfWatchEvent, SelfWatchState> = {
  initialState: () => ({ status: 'clear', episodes: 0 }),

  evolve(state, event) {
    switch (event.type) {
      case 'SelfCheckFailed':
        return { status: 'failing', episodes: event.data.episode, since: event.data.since };
      case 'SelfCheckRecovered':
        return { status: 'clear', episodes: state.episodes };
      default:
        return assertNever(event);
    }
  },

  decide(command, state) {
    const gone = command.data.gone === true;
    // A subject that is gone fails no more, whatever was last seen of it.
    const failing = gone ? null : command.data.failing;
    const condition: SelfCheckCondition = command.data.condition;
    if (command.data.failing !== null && command.data.failing.condition !== condition) {
      // Our own code builds the command: a detail of another condition is a bug, not a refusal to explain.
      throw new Error(`a ${command.data.failing.condition} detail observed for ${condition}`);
    }
    const subject = selfCheckSubject(command.data.subject);
    const now = command.metadata.occurredAt;
    if (state.status === 'clear') {
      if (failing === null) return [];
      return [
        {
          type: 'SelfCheckFailed',
          data: {
            condition,
            subject,
            episode: state.episodes + 1,
            since: now,
            detail: boundedSelfCheckDetail(failing),
          },
        },
      ];
    }
    if (failing !== null) return [];
    return [
      {
        type: 'SelfCheckRecovered',
        data: {
          condition,
          subject,
          episode: state.episodes,
          since: state.since,
          at: now,
          failedForSeconds: seconds(state.since, now),
          ended: gone ? 'gone' : 'cleared',
        },
      },
    ];
  },
};
