import test from 'ava';
import {
  type CheckTiming,
  nextRunDelaySeconds,
  reminderNumberAt,
  serverHealthOf,
} from '../../../domain/monitoring/index.ts';

const timing: CheckTiming = {
  intervalSeconds: 60,
  timeoutSeconds: 10,
  retries: 2,
  retryIntervalSeconds: 20,
  resendIntervalSeconds: 1500,
};

test('a PENDING check runs again after its retry interval, any other after its interval', (t) => {
  t.is(
    nextRunDelaySeconds(
      {
        status: 'pending',
        failures: 1,
        failingSince: '',
        firstError: '',
        lastSlot: 1,
        lastAt: null,
        certificateExpiresAt: null,
      },
      timing,
    ),
    20,
  );
  t.is(
    nextRunDelaySeconds(
      { status: 'up', since: '', lastSlot: 1, lastAt: null, certificateExpiresAt: null },
      timing,
    ),
    60,
  );
});

test('reminders are numbered by whole resend intervals since the check went down', (t) => {
  const since = '2026-12-03T10:00:00.000Z';
  t.is(reminderNumberAt(since, 1500, '2026-12-03T10:24:59.000Z'), 0);
  t.is(reminderNumberAt(since, 1500, '2026-12-03T10:25:00.000Z'), 1);
  t.is(reminderNumberAt(since, 1500, '2026-12-03T11:15:00.000Z'), 3);
  t.is(reminderNumberAt(since, 0, '2026-12-03T11:15:00.000Z'), null);
});

test('a server is as bad as its worst check', (t) => {
  t.is(serverHealthOf(['up', 'down', 'pending']), 'down');
  t.is(serverHealthOf(['up', 'pending']), 'pending');
  t.is(serverHealthOf(['up', 'up']), 'up');
  t.is(serverHealthOf(['up', 'unknown']), 'unknown');
  t.is(serverHealthOf(['maintenance', 'maintenance']), 'maintenance');
  t.is(serverHealthOf(['paused', 'retired']), 'paused');
  t.is(serverHealthOf(['retired']), 'unknown');
  t.is(serverHealthOf([]), 'unknown');
});
