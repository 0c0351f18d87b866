import type { TicketActionKind } from './ticket-action-events.ts';
import type { TicketEvent } from './ticket-event.ts';
import { isClosedStateType } from './ticket-snapshot.ts';

/** An event of a ticket's stream with the time it was recorded (its metadata's `occurredAt`). */
export interface TimedTicketEvent {
  readonly event: TicketEvent;
  readonly occurredAt: string;
}

/**
 * How one ticket went, for the metrics: when OTRS created it, who took and closed it through TBot and when
 * (an action counts when OTRS confirmed it), and when it was seen closed however it was closed.
 */
export interface TicketTimings {
  readonly ticketId: number | null;
  readonly created: string | null;
  readonly takenBy: number | null;
  readonly takenAt: string | null;
  readonly closedBy: number | null;
  readonly closedAt: string | null;
}

export const initialTicketTimings = (): TicketTimings => ({
  ticketId: null,
  created: null,
  takenBy: null,
  takenAt: null,
  closedBy: null,
  closedAt: null,
});

/** Folds one event into a ticket's timings: the first take and the first close count, as the original bot did. */
export function foldTicketTimings(
  timings: TicketTimings,
  { event, occurredAt }: TimedTicketEvent,
): TicketTimings {
  // Only three kinds of event matter here; the rest leave the timings as they are.
  if (event.type === 'TicketOpened') {
    const { ticketId, created, state, changed } = event.data;
    const closedAt = timings.closedAt ?? (isClosedStateType(state.stateType) ? changed : null);
    return { ...timings, ticketId, created, closedAt };
  }
  if (event.type === 'TicketStateChanged') {
    if (timings.closedAt !== null || !isClosedStateType(event.data.to.stateType)) return timings;
    return { ...timings, closedAt: event.data.changed };
  }
  if (event.type !== 'TicketActionSucceeded') return timings;
  const { kind, requestedBy } = event.data;
  if (kind === 'take' && timings.takenBy === null) {
    return { ...timings, takenBy: requestedBy, takenAt: occurredAt };
  }
  if (kind === 'close' && timings.closedBy === null) {
    return { ...timings, closedBy: requestedBy, closedAt: timings.closedAt ?? occurredAt };
  }
  return timings;
}

const between = (from: string | null, to: string | null): number | null =>
  from === null || to === null ? null : Math.max(0, Date.parse(to) - Date.parse(from));

/** Milliseconds from OTRS's creation to the take through TBot, or `null`. */
export const timeToTakeMs = (timings: TicketTimings): number | null =>
  between(timings.created, timings.takenAt);
/** Milliseconds from OTRS's creation to the close, or `null` while open. */
export const timeToCloseMs = (timings: TicketTimings): number | null =>
  between(timings.created, timings.closedAt);

/** A sum to average later without keeping every sample. */
export interface DurationSummary {
  readonly count: number;
  readonly totalMs: number;
  readonly maxMs: number;
}

/** One agent's figures: succeeded actions by day and kind, time to take and time to close. */
export interface AgentMetrics {
  readonly telegramUserId: number;
  /** `YYYY-MM-DD` (in the day's time zone the caller chose) → kind → count. */
  readonly actionsByDay: Readonly<Record<string, Partial<Readonly<Record<TicketActionKind, number>>>>>;
  readonly timeToTake: DurationSummary;
  readonly timeToClose: DurationSummary;
}

const EMPTY: DurationSummary = { count: 0, totalMs: 0, maxMs: 0 };

const add = (summary: DurationSummary, ms: number | null): DurationSummary =>
  ms === null
    ? summary
    : { count: summary.count + 1, totalMs: summary.totalMs + ms, maxMs: Math.max(summary.maxMs, ms) };

/** The UTC day of an instant; pass another `dayOf` for a local day. */
export const utcDay = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

type Metrics = ReadonlyMap<number, AgentMetrics>;

function agent(metrics: Metrics, telegramUserId: number): AgentMetrics {
  return (
    metrics.get(telegramUserId) ?? { telegramUserId, actionsByDay: {}, timeToTake: EMPTY, timeToClose: EMPTY }
  );
}

/** Counts a succeeded action for its agent on its day. */
export function countAction(
  metrics: Metrics,
  event: TimedTicketEvent,
  dayOf: (instant: string) => string = utcDay,
): Metrics {
  if (event.event.type !== 'TicketActionSucceeded') return metrics;
  const { requestedBy, kind } = event.event.data;
  const current = agent(metrics, requestedBy);
  const day = dayOf(event.occurredAt);
  const counts = current.actionsByDay[day] ?? {};
  const actionsByDay = { ...current.actionsByDay, [day]: { ...counts, [kind]: (counts[kind] ?? 0) + 1 } };
  return new Map(metrics).set(requestedBy, { ...current, actionsByDay });
}

/** Adds a ticket's time to take (to its taker) and time to close (to its closer through TBot). */
export function addTicketTimings(metrics: Metrics, timings: TicketTimings): Metrics {
  let next = metrics;
  if (timings.takenBy !== null) {
    const current = agent(next, timings.takenBy);
    next = new Map(next).set(timings.takenBy, {
      ...current,
      timeToTake: add(current.timeToTake, timeToTakeMs(timings)),
    });
  }
  if (timings.closedBy !== null) {
    const current = agent(next, timings.closedBy);
    next = new Map(next).set(timings.closedBy, {
      ...current,
      timeToClose: add(current.timeToClose, timeToCloseMs(timings)),
    });
  }
  return next;
}
