/** Events just committed above the horizon: the horizon passes them within a few ms. */
export const PENDING_RETRY_MS = 10;
/** An appender that holds the horizon longer (paused, or slow) is polled at most this often. */
const HELD_MAX_MS = 200;

/**
 * The wait of a caught-up subscription while an appender holds the horizon: 10 ms, doubling to 200 ms while
 * the SAME appender (by xid) keeps holding it. A normal append holds it for about a millisecond and ends with
 * a notification, and a steady stream of appends holds it by a new appender each time (10 ms, as before); one
 * that does not end (a SIGSTOPped node) must not be polled every 10 ms by every subscription for its pause.
 */
export function createHeldBackoff(): { next(holder: bigint): number; reset(): void } {
  let delay = PENDING_RETRY_MS;
  let last: bigint | null = null;
  return {
    next(holder) {
      if (holder !== last) delay = PENDING_RETRY_MS;
      last = holder;
      const current = delay;
      delay = Math.min(HELD_MAX_MS, delay * 2);
      return current;
    },
    reset() {
      delay = PENDING_RETRY_MS;
      last = null;
    },
  };
}
