import test from 'ava';
import { firstRun, nextRun } from '../../../../application/monitoring/scheduler/index.ts';
import type { CheckTiming } from '../../../../domain/monitoring/index.ts';

const timing: CheckTiming = {
  intervalSeconds: 60,
  timeoutSeconds: 5,
  retries: 2,
  retryIntervalSeconds: 20,
  resendIntervalSeconds: 0,
};
const minute = 60_000;

test('a check taken on mid-slot first runs at the next slot, never the current one', (t) => {
  t.like(firstRun(timing, 10 * minute + 5000), { plannedMs: 11 * minute, stateSlot: 11, recordSlot: 11 });
  // Exactly at a slot's start: that slot may have run on the node before, so the next one.
  t.like(firstRun(timing, 10 * minute), { plannedMs: 11 * minute, stateSlot: 11 });
});

test('the next run is the next slot; a node that fell behind skips to the current slot', (t) => {
  const run = firstRun(timing, 10 * minute + 1);
  t.like(nextRun(timing, run, false, 11 * minute + 30), {
    plannedMs: 12 * minute,
    stateSlot: 12,
    retry: false,
  });
  t.like(nextRun(timing, run, false, 15 * minute + 100), { plannedMs: 15 * minute, stateSlot: 15 });
});

test('while PENDING it retries at the retry interval, in rows of its own, deciding the interval’s slot', (t) => {
  const run = firstRun(timing, 10 * minute + 1);
  const retry = nextRun(timing, run, true, 11 * minute + 30);
  t.deepEqual(retry, {
    plannedMs: 11 * minute + 20_000,
    stateSlot: 11,
    recordSlot: (11 * minute + 20_000) / 20_000,
    recordIntervalSeconds: 20,
    retry: true,
  });
  const again = nextRun(timing, retry, true, retry.plannedMs + 5);
  t.is(
    again.stateSlot,
    11,
    'two retries in one interval decide the same slot (their keys differ by failures)',
  );
  t.not(again.recordSlot, retry.recordSlot);
  // Its rows never meet the interval's: (slot, slot start) differs as the intervals do.
  t.not(again.recordSlot * 20, run.recordSlot * 60);
  const back = nextRun(timing, again, false, again.plannedMs + 5);
  t.like(back, { plannedMs: 12 * minute, stateSlot: 12, recordIntervalSeconds: 60, retry: false });
});

test('a check runs at its offset into each slot, retries and takeovers included', (t) => {
  const offsetMs = 7000;
  const first = firstRun(timing, 10 * minute + 1000, { offsetMs });
  t.like(first, { plannedMs: 10 * minute + offsetMs, stateSlot: 10 });
  t.like(nextRun(timing, first, false, 10 * minute + offsetMs + 50, offsetMs), {
    plannedMs: 11 * minute + offsetMs,
    stateSlot: 11,
  });
  // A retry 20 s on still decides its interval's slot, and the slot after it runs at the offset again.
  const retry = nextRun(timing, first, true, 10 * minute + offsetMs + 50, offsetMs);
  t.like(retry, { plannedMs: 10 * minute + offsetMs + 20_000, stateSlot: 10, retry: true });
  t.like(nextRun(timing, retry, false, 10 * minute + 30_000, offsetMs), {
    plannedMs: 11 * minute + offsetMs,
  });
});

test('a check taken over runs after the last slot recorded, and not within the skew margin of now (G16)', (t) => {
  // The node before, its clock 2 s ahead, ran slot 11 already: its row says so.
  t.like(firstRun(timing, 11 * minute - 1000, { lastRecordedSlotAtMs: 11 * minute }), { stateSlot: 12 });
  // No row yet (its write in flight): a run due within the margin is left to it.
  t.like(firstRun(timing, 11 * minute - 1000, { skewMarginMs: 3000 }), { stateSlot: 12 });
  t.like(firstRun(timing, 11 * minute - 5000, { skewMarginMs: 3000 }), { stateSlot: 11 });
  // A row from long ago does not hold the check back.
  t.like(firstRun(timing, 11 * minute - 5000, { lastRecordedSlotAtMs: 2 * minute }), { stateSlot: 11 });
});

test('an offset that grew (a longer timeout) does not plan the slot just run again', (t) => {
  const run = firstRun(timing, 10 * minute + 500, { offsetMs: 1000 });
  t.like(run, { stateSlot: 10, plannedMs: 10 * minute + 1000 });
  t.like(nextRun(timing, run, false, 10 * minute + 1500, 40_000), {
    stateSlot: 11,
    plannedMs: 11 * minute + 40_000,
  });
});
