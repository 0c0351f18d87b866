import type { CheckTiming } from '../../../domain/monitoring/index.ts';

/**
 * One planned run of a check. `stateSlot` is the slot of the check's interval the state machine decides
 * (its idempotency key and its "older result changes nothing" order); `recordSlot` with
 * `recordIntervalSeconds` is the results row's identity. They differ only for a retry while PENDING, which
 * runs at the retry interval: its row is keyed by a slot of that interval, so two retries in one interval
 * (or a retry and the interval's own run) are two rows, not a "duplicate". A run is planned `offsetMs` into
 * its slot (see `slotOffsetMs`).
 */
export interface PlannedRun {
  readonly plannedMs: number;
  readonly stateSlot: number;
  readonly recordSlot: number;
  readonly recordIntervalSeconds: number;
  readonly retry: boolean;
}

const slotOf = (ms: number, seconds: number): number => Math.floor(ms / (seconds * 1000));

/** The run of the first slot whose run (its start plus `offsetMs`) is at or after `fromMs`. */
function intervalRun(timing: CheckTiming, fromMs: number, offsetMs: number): PlannedRun {
  const intervalMs = timing.intervalSeconds * 1000;
  const slot = Math.ceil((fromMs - offsetMs) / intervalMs);
  return {
    plannedMs: slot * intervalMs + offsetMs,
    stateSlot: slot,
    recordSlot: slot,
    recordIntervalSeconds: timing.intervalSeconds,
    retry: false,
  };
}

/** How far another node's clock may be off this one's: a run due within it may have been the other's. */
export const CLOCK_SKEW_MARGIN_MS = 3000;

export interface FirstRunOptions {
  /** Where in its slot the check runs. */
  readonly offsetMs?: number;
  /** The start of the last slot recorded for the check (by any node): the first run is of a later slot. */
  readonly lastRecordedSlotAtMs?: number | null;
  /** A run due this close to now may have run on the node before, whose clock may be ahead: skipped. */
  readonly skewMarginMs?: number;
}

/**
 * The first run of a check this node took on at `nowMs`: a slot whose run is due later than now by the skew
 * margin, and after the last slot recorded for it, never the current one, which the node before may have run
 * already (a takeover never runs a slot twice, review G16).
 */
export function firstRun(timing: CheckTiming, nowMs: number, options: FirstRunOptions = {}): PlannedRun {
  const offsetMs = options.offsetMs ?? 0;
  const intervalMs = timing.intervalSeconds * 1000;
  const fromNow = nowMs + 1 + (options.skewMarginMs ?? 0);
  const last = options.lastRecordedSlotAtMs;
  // The slot after the one holding the last row (a retry's row starts inside its interval's slot).
  const afterLast =
    last === null || last === undefined
      ? fromNow
      : (slotOf(last, timing.intervalSeconds) + 1) * intervalMs + offsetMs;
  return intervalRun(timing, Math.max(fromNow, afterLast), offsetMs);
}

/**
 * The run after `previous`: while PENDING (`retrying`) one retry interval later (or now, if that passed);
 * otherwise the next slot of the interval after the previous run's.
 */
export function nextRun(
  timing: CheckTiming,
  previous: PlannedRun,
  retrying: boolean,
  nowMs: number,
  offsetMs = 0,
): PlannedRun {
  if (!retrying) {
    // By the slot decided, not the planned time: an offset changed since (a new timeout) moves no slot back.
    const afterPrevious = (previous.stateSlot + 1) * timing.intervalSeconds * 1000 + offsetMs;
    // A node that fell behind by whole slots skips them rather than running a burst of stale ones.
    return intervalRun(timing, Math.max(afterPrevious, nowMs - timing.intervalSeconds * 1000 + 1), offsetMs);
  }
  const plannedMs = Math.max(previous.plannedMs + timing.retryIntervalSeconds * 1000, nowMs);
  return {
    plannedMs,
    stateSlot: slotOf(plannedMs - offsetMs, timing.intervalSeconds),
    recordSlot: slotOf(plannedMs, timing.retryIntervalSeconds),
    recordIntervalSeconds: timing.retryIntervalSeconds,
    retry: true,
  };
}
