/**
 * OTRS writes and reads times as its server's wall clock, `YYYY-MM-DD HH:MM:SS`, with no zone: TBot turns them
 * into instants with the zone OTRS runs in (`OTRS_TIMEZONE`, OTRS's own `OTRSTimeZone`).
 *
 * Summer time makes two wall-clock hours special each year, and both are answered the way Temporal's
 * `disambiguation: 'compatible'` does: a time that happens twice (the hour repeated when clocks go back) is
 * the earlier instant, and a time that never happens (the hour skipped when clocks go forward) is moved
 * forward by the gap (02:30 on a spring-forward night in Berlin is 03:30 summer time).
 */

const LOCAL_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall clock of `timeZone` at `ms`, written as if it were UTC (milliseconds dropped). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/** How far `timeZone`'s wall clock is ahead of UTC at `ms`. */
const offsetAt = (ms: number, timeZone: string): number =>
  wallClockMs(ms, timeZone) - Math.floor(ms / 1000) * 1000;

/** Whether `timeZone` is one the runtime knows (`Europe/Moscow`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant that OTRS's `text` names in `timeZone`; `null` when `text` is no `YYYY-MM-DD HH:MM:SS` time
 * (OTRS writes `0000-00-00 00:00:00` for "never").
 */
export function parseOtrsTime(text: string, timeZone: string): Date | null {
  const match = LOCAL_TEXT.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over to March: such a text names no time.
  const check = new Date(naive);
  if (year < 1970 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23)
    return null;
  if (minute > 59 || second > 59) return null;

  // The offsets in force around that wall-clock time: before and after any transition within a day of it.
  const offsets = [
    ...new Set([offsetAt(naive - 24 * HOUR_MS, timeZone), offsetAt(naive + 24 * HOUR_MS, timeZone)]),
  ];
  const candidates = offsets
    .map((offset) => naive - offset)
    .filter((instant) => wallClockMs(instant, timeZone) === naive)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  // A skipped time: read it with the offset before the jump, which lands after the gap.
  return new Date(naive - offsetAt(naive - 24 * HOUR_MS, timeZone));
}

/** `at` as OTRS writes times in `timeZone`, to the second (milliseconds are dropped, not rounded). */
export function formatOtrsTime(at: Date, timeZone: string): string {
  const wall = new Date(wallClockMs(at.getTime(), timeZone));
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ` +
    `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`
  );
}

/**
 * Whether OTRS's `text` is a wall-clock time that happens twice in `timeZone` (the hour repeated when clocks go
 * back): `parseOtrsTime` reads it as the earlier instant, so a change made in the second pass reads up to that
 * hour too early, and the ticket's ordering must not take it for an older one (`changeEvents`).
 */
export function isRepeatedOtrsTime(text: string, timeZone: string): boolean {
  const at = parseOtrsTime(text, timeZone);
  if (at === null) return false;
  const wall = wallClockMs(at.getTime(), timeZone);
  // The same wall clock again one shift later (an hour; half an hour on Lord Howe Island): a repeated time.
  return [30, 60].some((minutes) => wallClockMs(at.getTime() + minutes * 60_000, timeZone) === wall);
}
