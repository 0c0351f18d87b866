import test from 'ava';
import { evaluateCron, occurrenceAt } from '../../../application/monitoring/index.ts';

const now = new Date('2026-12-03T00:00:00Z');

test('finds when a cron expression fires next in its time zone', (t) => {
  // Sundays 03:00 in Moscow (UTC+3) are Sundays 00:00 UTC.
  t.deepEqual(evaluateCron('0 3 * * 0', 'Europe/Moscow', now), {
    valid: true,
    nextStartAt: '2026-12-06T00:00:00.000Z',
  });
});

test('says when an expression never fires or cannot be read, and when the time zone is unknown', (t) => {
  t.deepEqual(evaluateCron('0 0 30 2 *', 'UTC', now), { valid: true, nextStartAt: null });
  t.like(evaluateCron('every sunday', 'UTC', now), { valid: false, problem: 'expression' });
  t.like(evaluateCron('0 61 * * *', 'UTC', now), { valid: false, problem: 'expression' });
  t.like(evaluateCron('0 3 * * 0', 'Mars/Olympus', now), { valid: false, problem: 'timeZone' });
});

test('a recurring window is on from each start for its duration, and off between', (t) => {
  const weekly = {
    kind: 'recurring',
    cron: '0 3 * * 0',
    timeZone: 'Europe/Moscow',
    durationMinutes: 90,
  } as const;
  const start = new Date('2026-12-06T00:00:00Z');
  t.deepEqual(occurrenceAt(weekly, start), { start, end: new Date('2026-12-06T01:30:00Z') });
  t.deepEqual(occurrenceAt(weekly, new Date('2026-12-06T01:29:59Z'))?.start, start);
  t.is(occurrenceAt(weekly, new Date('2026-12-06T01:30:00Z')), null);
  t.is(occurrenceAt(weekly, new Date('2026-12-05T23:59:59Z')), null);
});

test('a one-off window is on from its start until its end', (t) => {
  const once = { kind: 'once', from: '2026-12-03T10:00:00.000Z', until: '2026-12-03T10:30:00.000Z' } as const;
  t.truthy(occurrenceAt(once, new Date('2026-12-03T10:00:00Z')));
  t.is(occurrenceAt(once, new Date('2026-12-03T10:30:00Z')), null);
});
