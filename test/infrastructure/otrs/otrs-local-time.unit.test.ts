import test from 'ava';
import { formatOtrsTime, isKnownTimeZone, parseOtrsTime } from '../../../infrastructure/otrs/index.ts';

const iso = (text: string, zone: string) => parseOtrsTime(text, zone)?.toISOString() ?? null;

test('reads a winter and a summer time in Berlin with their own offsets', (t) => {
  t.is(iso('2026-01-15 10:00:00', 'Europe/Berlin'), '2026-01-15T09:00:00.000Z');
  t.is(iso('2026-07-15 10:00:00', 'Europe/Berlin'), '2026-07-15T08:00:00.000Z');
});

test('reads Moscow time, which has no summer time, at +03:00 all year', (t) => {
  t.is(iso('2026-01-15 10:00:00', 'Europe/Moscow'), '2026-01-15T07:00:00.000Z');
  t.is(iso('2026-07-15 10:00:00', 'Europe/Moscow'), '2026-07-15T07:00:00.000Z');
});

test('a time in the hour skipped when clocks go forward lands after the gap', (t) => {
  // 2026-03-29 02:00 CET became 03:00 CEST: 02:30 never happened; read as 03:30 CEST.
  t.is(iso('2026-03-29 02:30:00', 'Europe/Berlin'), '2026-03-29T01:30:00.000Z');
  t.is(iso('2026-03-29 03:00:00', 'Europe/Berlin'), '2026-03-29T01:00:00.000Z');
  t.is(iso('2026-03-29 01:59:59', 'Europe/Berlin'), '2026-03-29T00:59:59.000Z');
});

test('a time in the hour repeated when clocks go back is its earlier instant', (t) => {
  // 2026-10-25 03:00 CEST became 02:00 CET: 02:30 happened at 00:30Z and again at 01:30Z.
  t.is(iso('2026-10-25 02:30:00', 'Europe/Berlin'), '2026-10-25T00:30:00.000Z');
  t.is(iso('2026-10-25 03:00:00', 'Europe/Berlin'), '2026-10-25T02:00:00.000Z');
});

test('a zone west of UTC and one with a half-hour offset', (t) => {
  t.is(iso('2026-12-03 08:00:00', 'America/New_York'), '2026-12-03T13:00:00.000Z');
  t.is(iso('2026-12-03 08:00:00', 'Asia/Kolkata'), '2026-12-03T02:30:00.000Z');
});

test('refuses text that is no time', (t) => {
  for (const text of [
    '0000-00-00 00:00:00',
    '2026-02-30 10:00:00',
    '2026-12-03T10:00:00',
    '2026-12-03 24:00:00',
    '',
    '2026-12-03 10:00',
  ]) {
    t.is(parseOtrsTime(text, 'Europe/Berlin'), null, text);
  }
});

test('writes an instant as the zone’s wall clock, and reads it back to the same second', (t) => {
  const at = new Date('2026-07-15T08:00:00.750Z');
  t.is(formatOtrsTime(at, 'Europe/Berlin'), '2026-07-15 10:00:00');
  t.is(formatOtrsTime(at, 'UTC'), '2026-07-15 08:00:00');
  for (let hour = 0; hour < 48; hour += 1) {
    const instant = new Date(Date.UTC(2026, 9, 24, 12) + hour * 3_600_000 + 17_000);
    const text = formatOtrsTime(instant, 'Europe/Berlin');
    const back = parseOtrsTime(text, 'Europe/Berlin');
    // Only the repeated hour reads back as its first occurrence.
    if (text.startsWith('2026-10-25 02:')) t.true((back?.getTime() ?? 0) <= instant.getTime());
    else t.is(back?.getTime(), instant.getTime(), text);
  }
});

test('knows real zones and refuses made-up ones', (t) => {
  t.true(isKnownTimeZone('Europe/Moscow'));
  t.true(isKnownTimeZone('UTC'));
  t.false(isKnownTimeZone('Mars/Olympus'));
});
