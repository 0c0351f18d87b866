import type { CheckTiming } from '../../../domain/monitoring/index.ts';

/** Kept free at a slot's end: a run started at its offset ends (timeout included) inside its slot. */
const END_MARGIN_MS = 1000;

/**
 * Where in each of its slots a check runs, in ms after the slot's start: a stable hash of its id over the part
 * of the interval a run fits in, so the checks of one interval do not all start at the slot's first
 * millisecond (thousands of sockets at once), and every node computes the same offset (a takeover agrees on
 * which runs were due). 0 for an interval too short to spread (its timeout fills it).
 */
export function slotOffsetMs(checkId: string, timing: CheckTiming): number {
  const spread = timing.intervalSeconds * 1000 - timing.timeoutSeconds * 1000 - END_MARGIN_MS;
  if (spread <= 0) return 0;
  return fnv1a(checkId) % spread;
}

/** FNV-1a, 32 bits: cheap, stable across processes and versions (unlike a seeded hash). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
