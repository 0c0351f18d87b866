import type { CheckTiming } from '../../../domain/monitoring/index.ts';

/**
 * One planned run of a check. `stateSlot` is the slot of the check's interval the state machine decides
 * (its idempotency key and its "older result changes nothing" order); `recordSlot` with
 * `recordIntervalSeconds` is the results row's identity. They differ only for a retry while PENDING, which
 * runs at the retry interval: its row is keyed by a slot of that interval, so two retries in one interval
 * (or a retry and the interval's own run) are two rows, not a "duplicate".
 */
export interface PlannedRun {
  readonly plannedMs: number;
  readonly stateSlot: number;
  readonly recordSlot: number;
  readonly recordIntervalSeconds: number;
  readonly retry: boolean;
}

const slotOf = (ms: number, seconds: number): number => Math.floor(ms / (seconds * 1000));

/** The run of the slot starting at or after `fromMs`. */
function intervalRun(timing: CheckTiming, fromMs: number): PlannedRun {
  const intervalMs = timing.intervalSeconds * 1000;
  const slot = Math.ceil(fromMs / intervalMs);
  return {
    plannedMs: slot * intervalMs,
    stateSlot: slot,
    recordSlot: slot,
    recordIntervalSeconds: timing.intervalSeconds,
    retry: false,
  };
}

/**
 * The first run of a check this node took on at `nowMs`: the next slot that starts from now on, never the
 * current one, which the node before may have run already (a takeover never runs a slot twice).
 */
export const firstRun = (timing: CheckTiming, nowMs: number): PlannedRun => intervalRun(timing, nowMs + 1);

/**
 * The run after `previous`: while PENDING (`retrying`) one retry interval later (or now, if that passed);
 * otherwise the next slot of the interval after the previous run's.
 */
export function nextRun(
  timing: CheckTiming,
  previous: PlannedRun,
  retrying: boolean,
  nowMs: number,
): PlannedRun {
  if (!retrying) {
    const afterPrevious =
      (slotOf(previous.plannedMs, timing.intervalSeconds) + 1) * timing.intervalSeconds * 1000;
    // A node that fell behind by whole slots skips them rather than running a burst of stale ones.
    return intervalRun(timing, Math.max(afterPrevious, nowMs - timing.intervalSeconds * 1000 + 1));
  }
  const plannedMs = Math.max(previous.plannedMs + timing.retryIntervalSeconds * 1000, nowMs);
  return {
    plannedMs,
    stateSlot: slotOf(plannedMs, timing.intervalSeconds),
    recordSlot: slotOf(plannedMs, timing.retryIntervalSeconds),
    recordIntervalSeconds: timing.retryIntervalSeconds,
    retry: true,
  };
}
