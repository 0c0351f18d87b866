import { formatOtrsTime } from './otrs-local-time.ts';

const HOUR_MS = 3_600_000;
/** Offsets are looked at this often between the two ends (a summer time lasts months, not hours). */
const SAMPLE_EVERY_MS = 6 * HOUR_MS;
const MAX_SAMPLES = 2000;
/** Before the start, so that a jump just before it counts: wider than any summer time shift (2 h at most). */
const BEFORE_START_MS = 3 * HOUR_MS;

/** How far `timeZone`'s wall clock is ahead of UTC at `ms` (to the second). */
function offsetAt(ms: number, timeZone: string): number {
  const wall = Date.parse(`${formatOtrsTime(new Date(ms), timeZone).replace(' ', 'T')}Z`);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Where a TicketSearch for the changes after `mark` starts (`TicketLastChangeTimeNewerDate`, which OTRS
 * compares with its stored wall-clock times, to the second, strictly newer): `marginMs` before `mark`, a second
 * more for the comparison, and earlier by the widest swing of the zone's offset between then and `now`. When
 * summer time ends, OTRS's clock goes back an hour: a ticket changed just after it reads an hour earlier than
 * one changed just before, and a search from the earlier change's wall time would miss it. With the offset's
 * swing subtracted, every change at or after `mark - marginMs` has a wall time after the search's.
 */
export function otrsSearchStart(mark: Date, now: Date, marginMs: number, timeZone: string): Date {
  const from = mark.getTime() - marginMs - BEFORE_START_MS;
  const to = Math.max(now.getTime(), mark.getTime());
  const step = Math.max(SAMPLE_EVERY_MS, Math.ceil((to - from) / MAX_SAMPLES));
  let lowest = Infinity;
  let highest = -Infinity;
  for (let at = from; ; at = Math.min(at + step, to)) {
    const offset = offsetAt(at, timeZone);
    lowest = Math.min(lowest, offset);
    highest = Math.max(highest, offset);
    if (at >= to) break;
  }
  return new Date(mark.getTime() - marginMs - 1000 - (highest - lowest));
}
