import test from 'ava';
import {
  type AgentMetrics,
  type TicketEvent,
  type TimedTicketEvent,
  addTicketTimings,
  countAction,
  foldTicketTimings,
  initialTicketTimings,
  timeToCloseMs,
  timeToTakeMs,
} from '../../../domain/otrs/index.ts';
import { opened, ticketId } from './ticket-fixtures.ts';

const at = (event: TicketEvent, occurredAt: string): TimedTicketEvent => ({ event, occurredAt });
const succeeded = (actionId: string, kind: 'take' | 'close' | 'note', requestedBy: number): TicketEvent => ({
  type: 'TicketActionSucceeded',
  data: { ticketId, actionId, kind, requestedBy },
});
const closedSeen: TicketEvent = {
  type: 'TicketStateChanged',
  data: {
    ticketId,
    from: { state: 'open', stateType: 'open' },
    to: { state: 'closed successful', stateType: 'closed' },
    changed: '2026-12-03T11:55:00.000Z',
  },
};
// Created at 08:55; taken at 09:05 by 1001 (and too late by 1002), a note at 22:30, closed by 1002 at 11:55 (outcome at 11:56).
const history: TimedTicketEvent[] = [
  at(opened, '2026-12-03T09:00:01.000Z'),
  at(succeeded('u-1', 'take', 1001), '2026-12-03T09:05:00.000Z'),
  at(succeeded('u-9', 'take', 1002), '2026-12-03T09:06:00.000Z'),
  at(succeeded('u-2', 'note', 1001), '2026-12-03T22:30:00.000Z'),
  at(closedSeen, '2026-12-03T11:55:30.000Z'),
  at(succeeded('u-3', 'close', 1002), '2026-12-03T11:56:00.000Z'),
];

test('times a ticket from OTRS’s creation to its first take and its close', (t) => {
  const timings = history.reduce(foldTicketTimings, initialTicketTimings());
  t.like(timings, { ticketId, takenBy: 1001, closedBy: 1002, closedAt: '2026-12-03T11:55:00.000Z' });
  t.is(timeToTakeMs(timings), 10 * 60_000);
  t.is(timeToCloseMs(timings), 3 * 3_600_000);
});

test('times a ticket closed in OTRS itself, closed by nobody through TBot, and an open one not at all', (t) => {
  const inOtrs = [history[0], at(closedSeen, '2026-12-03T11:55:30.000Z')].filter((e) => e !== undefined);
  const timings = inOtrs.reduce(foldTicketTimings, initialTicketTimings());
  t.like(timings, { closedBy: null, takenBy: null });
  t.is(timeToCloseMs(timings), 3 * 3_600_000);
  t.is(timeToTakeMs(timings), null);
  t.is(
    timeToCloseMs(
      [history[0]].filter((e) => e !== undefined).reduce(foldTicketTimings, initialTicketTimings()),
    ),
    null,
  );
});

test('counts each agent’s succeeded actions by day and kind, and sums their times', (t) => {
  let metrics: ReadonlyMap<number, AgentMetrics> = new Map();
  for (const event of history) metrics = countAction(metrics, event);
  metrics = addTicketTimings(metrics, history.reduce(foldTicketTimings, initialTicketTimings()));
  t.deepEqual(metrics.get(1001), {
    telegramUserId: 1001,
    actionsByDay: { '2026-12-03': { take: 1, note: 1 } },
    timeToTake: { count: 1, totalMs: 600_000, maxMs: 600_000 },
    timeToClose: { count: 0, totalMs: 0, maxMs: 0 },
  });
  t.deepEqual(metrics.get(1002), {
    telegramUserId: 1002,
    actionsByDay: { '2026-12-03': { take: 1, close: 1 } },
    timeToTake: { count: 0, totalMs: 0, maxMs: 0 },
    timeToClose: { count: 1, totalMs: 10_800_000, maxMs: 10_800_000 },
  });
  // A local day: Moscow is UTC+3, so the note at 22:30 UTC was made on the 4th there.
  const moscow = (instant: string) =>
    new Date(Date.parse(instant) + 3 * 3_600_000).toISOString().slice(0, 10);
  let local: ReadonlyMap<number, AgentMetrics> = new Map();
  for (const event of history) local = countAction(local, event, moscow);
  t.deepEqual(local.get(1001)?.actionsByDay, { '2026-12-03': { take: 1 }, '2026-12-04': { note: 1 } });
});
