import test from 'ava';
import { maintenanceRequestOf } from '../../../../interfaces/telegram/monitoring/maintenance-feature.ts';

test('reads NAME DURATION [reason]: the name up to the first duration word, units m, h, d', (t) => {
  t.deepEqual(maintenanceRequestOf('core-web 30m'), { name: 'core-web', minutes: 30, reason: null });
  t.deepEqual(maintenanceRequestOf('  db 01  2H nightly  upgrade '), {
    name: 'db 01',
    minutes: 120,
    reason: 'nightly  upgrade',
  });
  t.deepEqual(maintenanceRequestOf('app 7d'), { name: 'app', minutes: 7 * 24 * 60, reason: null });
  t.deepEqual(maintenanceRequestOf('app 10080m x'), { name: 'app', minutes: 10_080, reason: 'x' });
  t.is(maintenanceRequestOf('app 1m')?.minutes, 1);
});

test('refuses a duration outside 1m..7d, a long or controlled reason, a bad name', (t) => {
  for (const bad of [
    '',
    'app',
    '30m',
    'app 0m',
    'app 10081m',
    'app 8d',
    'app 169h',
    'app 30s',
    `app 30m ${'x'.repeat(501)}`,
    'app 30m a\u001bb',
    'a\u0000pp 30m',
    `${'n'.repeat(101)} 30m`,
  ]) {
    t.is(maintenanceRequestOf(bad), null, JSON.stringify(bad));
  }
  t.is(maintenanceRequestOf(`app 30m ${'x'.repeat(500)}`)?.reason?.length, 500);
});
