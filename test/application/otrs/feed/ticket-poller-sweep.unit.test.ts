import test from 'ava';
import { createTicketPoller } from '../../../../application/otrs/feed/index.ts';
import type { Logger } from '../../../../application/ports/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { otrsSearchStart } from '../../../../infrastructure/otrs/index.ts';

// The poller goes back its whole margin once a sweep interval, and only a second between (#16, bench:otrs: a
// minute's margin every 10 s round read each change seven times).

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silent,
} as unknown as Logger;

const BASE = Date.parse('2026-06-01T08:00:00Z');

function world() {
  const changed = new Map<number, number>();
  let mark: Date | null = new Date(BASE);
  let now = BASE + 10_000;
  const searchedFrom: number[] = [];
  const read: number[] = [];
  const poller = createTicketPoller({
    feed: {
      record(ids) {
        read.push(...ids);
        const changedById = new Map(ids.map((id) => [id, new Date(changed.get(id) ?? 0)] as const));
        return Promise.resolve({
          read: ids.length,
          events: ids.length,
          missing: [],
          refused: 0,
          latestChange: new Date(Math.max(...ids.map((id) => changed.get(id) ?? 0))),
          changedById,
        });
      },
    },
    gateway: {
      searchTickets(_session, query) {
        const since = query.changedSince?.getTime() ?? -Infinity;
        searchedFrom.push(since);
        return Promise.resolve(
          [...changed]
            .filter(([, at]) => at > since)
            .sort((a, b) => a[1] - b[1])
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
    everyMs: 10_000,
    searchStart: (at, until, margin) => otrsSearchStart(at, until, margin, 'UTC'),
    clock: { now: () => new Date(now) },
    logger: silent,
    marginMs: 60_000,
    sweepEveryMs: 60_000,
    overlapMs: 1000,
  });
  return {
    poller,
    changed,
    searchedFrom,
    read,
    mark: () => mark?.getTime() ?? 0,
    advance: (ms: number) => (now += ms),
  };
}

test('rounds between sweeps ask from a second before the watermark; a sweep a minute goes back the margin', async (t) => {
  const w = world();
  w.changed.set(1, BASE + 2000);
  w.changed.set(4, BASE + 5000);
  await w.poller.runOnce();
  // (otrsSearchStart goes a second further back for OTRS's whole seconds.)
  const backFrom = (mark: number) => mark - (w.searchedFrom.at(-1) ?? 0);
  t.true(backFrom(BASE) >= 60_000, 'the first round of a node sweeps');
  const firstMark = w.mark();
  t.is(firstMark, BASE + 5000);

  w.advance(10_000);
  w.changed.set(2, BASE + 15_000);
  await w.poller.runOnce();
  t.true(
    backFrom(firstMark) <= 2000,
    `a round between sweeps goes back a second or so: ${backFrom(firstMark)}`,
  );
  t.deepEqual(w.read.slice(2).sort(), [2, 4], "ticket 1 is not read again (4 is, on the watermark's second)");

  // A change stamped before the watermark but committed after the last round (a slow OTRS transaction).
  w.changed.set(3, BASE + 10_000);
  w.advance(10_000);
  await w.poller.runOnce();
  t.false(w.read.includes(3), 'rounds between sweeps do not reach it');

  const markBefore = w.mark();
  w.advance(40_000);
  await w.poller.runOnce();
  t.true(backFrom(markBefore) >= 60_000, 'a minute after the last sweep, the round sweeps');
  t.true(w.read.includes(3), 'the sweep a minute after the last finds it');
});
