import type { CheckTiming } from '../../../domain/monitoring/index.ts';

/** Kept free at a slot's end, so that a run planned late in its slot is not taken for the next slot's. */
const END_MARGIN_MS = 1000;

/**
 * Where in each of its slots a check runs, in ms after the slot's start: a stable hash of its id over the
 * interval, so the checks of one interval do not all start at the slot's first millisecond (thousands of
 * sockets at once), and every node computes the same offset (a takeover agrees on which runs were due). The
 * offset is the same in every slot, so a check's runs stay one interval apart and never overlap (its timeout
 * is below its interval), even when a run ends in the next slot's time. The spread does not depend on the
 * timeout: a 10 s check with a 9 s timeout is spread over 9 s (bench:monitoring found the old spread,
 * `interval - timeout - 1 s`, was 0 for the default timeout, so every check started in one burst).
 */
export function slotOffsetMs(checkId: string, timing: CheckTiming): number {
  const spread = timing.intervalSeconds * 1000 - END_MARGIN_MS;
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
