import test from 'ava';
import { isQuietAt } from '../../../domain/monitoring/index.ts';

const night = { from: '22:00', until: '07:30', timeZone: 'Europe/Moscow' };

test('quiet hours across midnight, on the group’s wall clock', (t) => {
  // Moscow is UTC+3 all year.
  t.false(isQuietAt(night, new Date('2026-12-03T18:59:00Z')));
  t.true(isQuietAt(night, new Date('2026-12-03T19:00:00Z')));
  t.true(isQuietAt(night, new Date('2026-12-03T23:00:00Z')));
  t.true(isQuietAt(night, new Date('2026-12-04T04:29:00Z')));
  t.false(isQuietAt(night, new Date('2026-12-04T04:30:00Z')));
});

test('quiet hours within one day, and none at all', (t) => {
  const lunch = { from: '13:00', until: '14:00', timeZone: 'UTC' };
  t.true(isQuietAt(lunch, new Date('2026-12-03T13:59:59Z')));
  t.false(isQuietAt(lunch, new Date('2026-12-03T14:00:00Z')));
  t.false(isQuietAt(null, new Date('2026-12-03T13:30:00Z')));
});
