import test from 'ava';
import { createLateChecks } from '../../../../application/monitoring/scheduler/index.ts';

const T0 = Date.UTC(2026, 11, 3, 14, 0, 0);

test('late runs are counted over the window asked for, and forgotten after it', (t) => {
  const late = createLateChecks();
  late.record(T0);
  late.record(T0 + 1000);
  late.record(T0 + 5 * 60_000);
  t.is(late.recentLateCount(60_000, T0 + 5 * 60_000), 1, 'the last minute holds one');
  t.is(late.recentLateCount(10 * 60_000, T0 + 5 * 60_000), 3, 'the last ten minutes all three');
  t.is(late.recentLateCount(10 * 60_000, T0 + 20 * 60_000), 0, 'twenty minutes on, none');
  t.is(late.recentLateCount(0, T0 + 5 * 60_000), 0);
});

test('a bucket reused an hour later starts from zero; a window beyond an hour counts an hour', (t) => {
  const late = createLateChecks();
  late.record(T0);
  late.record(T0 + 60 * 60_000);
  t.is(late.recentLateCount(24 * 60 * 60_000, T0 + 60 * 60_000), 1);
});
