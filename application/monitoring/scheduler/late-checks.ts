/** The longest window {@link LateChecks.recentLateCount} answers for; older late runs are forgotten. */
export const LATE_CHECKS_SPAN_MS = 60 * 60 * 1000;
const BUCKET_MS = 10_000;
const BUCKETS = LATE_CHECKS_SPAN_MS / BUCKET_MS;

/**
 * The runs that started late on this node (more than `LATE_AFTER_MS` after their planned start) over the
 * last hour, in 10 s buckets: a fixed 360 numbers, whatever the load. The self-watch asks it how many ran late
 * recently; `tbot_checks_late_total` counts the same runs for Prometheus.
 */
export interface LateChecks {
  /** One run started late at `atMs`. */
  record(atMs: number): void;
  /** Late runs in the last `windowMs` before `nowMs` (at most an hour; to the 10 s bucket). */
  recentLateCount(windowMs: number, nowMs: number): number;
}

export function createLateChecks(): LateChecks {
  const counts = new Array<number>(BUCKETS).fill(0);
  /** The absolute bucket number each slot of the ring holds now. */
  const stamps = new Array<number>(BUCKETS).fill(-1);
  return {
    record(atMs) {
      const bucket = Math.floor(atMs / BUCKET_MS);
      const at = bucket % BUCKETS;
      if (stamps[at] !== bucket) {
        stamps[at] = bucket;
        counts[at] = 0;
      }
      counts[at] = (counts[at] ?? 0) + 1;
    },
    recentLateCount(windowMs, nowMs) {
      const newest = Math.floor(nowMs / BUCKET_MS);
      const span = Math.min(BUCKETS, Math.ceil(Math.max(0, windowMs) / BUCKET_MS));
      let total = 0;
      for (let bucket = newest - span + 1; bucket <= newest; bucket += 1) {
        const at = ((bucket % BUCKETS) + BUCKETS) % BUCKETS;
        if (stamps[at] === bucket) total += counts[at] ?? 0;
      }
      return total;
    },
  };
}
