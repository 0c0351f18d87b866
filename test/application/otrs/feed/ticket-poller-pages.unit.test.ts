import test from 'ava';
import { createTicketPoller } from '../../../../application/otrs/feed/index.ts';
import type { Logger } from '../../../../application/ports/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { otrsSearchStart } from '../../../../infrastructure/otrs/index.ts';

// How the poller pages through a backlog, against a search that orders by `Changed` as OTRS does and a feed
// that reads each ticket's `Changed` as it is when read (after the search). Started from review 1's scratch
// tests (R4, R5).

const silent: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
} as unknown as Logger;

function world(
  changed: Map<number, number>,
  timeZone: string,
  now: number,
  initialMark: Date | null,
  onRecord?: (ids: readonly number[]) => void,
  maxPagesPerRound = 10,
) {
  let mark: Date | null = initialMark;
  const seen = new Set<number>();
  const poller = createTicketPoller({
    feed: {
      record(ids) {
        onRecord?.(ids);
        for (const id of ids) seen.add(id);
        const changedById = new Map(ids.map((id) => [id, new Date(changed.get(id) ?? 0)] as const));
        const latest = Math.max(...ids.map((id) => changed.get(id) ?? 0));
        return Promise.resolve({
          read: ids.length,
          events: ids.length,
          missing: [],
          refused: 0,
          latestChange: new Date(latest),
          changedById,
        });
      },
    },
    gateway: {
      searchTickets(_session, query) {
        const since = query.changedSince?.getTime() ?? -Infinity;
        return Promise.resolve(
          [...changed]
            .filter(([, at]) => at > since)
            .sort((a, b) => a[1] - b[1])
            .slice(0, query.limit ?? 1000)
            .map(([id]) => id),
        );
      },
    },
    session: { run: (work) => work({ sessionId: 'poller' }) },
    watermark: {
      read: () => Promise.resolve(mark),
      advance(to: Date) {
        if (!mark || to > mark) mark = to;
        return Promise.resolve();
      },
    },
    leases: createMemoryLeaseManager({ nodeId: 'poller-test' }),
    everyMs: 1000,
    searchStart: (at, until, margin) => otrsSearchStart(at, until, margin, timeZone),
    clock: { now: () => new Date(now) },
    logger: silent,
    searchLimit: 10,
    maxPagesPerRound,
  });
  return { poller, seen, mark: () => mark };
}

test('a ticket of a full page changed between TicketSearch and TicketGet does not move the watermark past the backlog', async (t) => {
  const base = Date.parse('2026-06-01T08:00:00Z');
  const changed = new Map<number, number>();
  // The backlog after an outage: 30 changes, one every 10 minutes, all after the watermark.
  for (let i = 1; i <= 30; i += 1) changed.set(i, base + i * 10 * 60_000);
  const now = base + 6 * 3_600_000;
  let first = true;
  const w = world(changed, 'UTC', now, new Date(base), (ids) => {
    // An agent touches the first ticket of page 1 between the search and the read.
    if (first) changed.set(ids[0] ?? 0, now);
    first = false;
  });
  await w.poller.runOnce();
  t.deepEqual(
    [...changed.keys()].filter((id) => !w.seen.has(id)),
    [],
  );
});

// Europe/Berlin ends summer time on 2026-10-25 at 01:00Z. The watermark is half an hour after it; the hour
// before the watermark holds more than a page (one change a minute), so each round starts an hour back.
const SUMMER_TIME_END = Date.parse('2026-10-25T01:00:00Z');

function busyHourAfterSummerTime() {
  const mark = SUMMER_TIME_END + 30 * 60_000;
  const changed = new Map<number, number>();
  for (let i = 1; i <= 120; i += 1) changed.set(i, mark - 90 * 60_000 + i * 60_000);
  return {
    mark,
    changed,
    unseen: (seen: Set<number>) => [...changed].filter(([id, at]) => at > mark && !seen.has(id)).length,
  };
}

test('after summer time ends, pages go on from OTRS’s own Changed: a busy hour before the watermark does not stall the poller', async (t) => {
  const { mark, changed, unseen } = busyHourAfterSummerTime();
  const w = world(changed, 'Europe/Berlin', mark + 60 * 60_000, new Date(mark));
  for (let round = 0; round < 5; round += 1) await w.poller.runOnce();
  t.is(unseen(w.seen), 0);
  t.true((w.mark()?.getTime() ?? 0) > mark);
});

test('pages that only read again what the round’s start went back for do not count against the pages per round', async (t) => {
  const { mark, changed, unseen } = busyHourAfterSummerTime();
  // Two pages a round would never get through the hour each round goes back for.
  const w = world(changed, 'Europe/Berlin', mark + 60 * 60_000, new Date(mark), undefined, 2);
  for (let round = 0; round < 5; round += 1) await w.poller.runOnce();
  t.is(unseen(w.seen), 0);
});
