import test from 'ava';
import {
  errorPauseMs,
  leaseRetryDelayMs,
  renewalIntervalMs,
  retryDelayMs,
  runnerSettings,
  stepDownDelayMs,
} from '../../../projections/runner/runner-settings.ts';

test('fills every option it is not given with its default', (t) => {
  t.deepEqual(runnerSettings(), {
    leaseTtlMs: 10_000,
    batchSize: 500,
    maxAttempts: 5,
    retryBaseMs: 200,
    idlePollMs: 1000,
    catchUpEvents: 10_000,
    catchUpQuietMs: 500,
  });
  t.deepEqual(runnerSettings({ batchSize: 50, idlePollMs: 5 }), {
    ...runnerSettings(),
    batchSize: 50,
    idlePollMs: 5,
  });
});

test('doubles the retry delay of a failing event with each attempt', (t) => {
  const settings = runnerSettings({ retryBaseMs: 5 });
  t.deepEqual(
    [1, 2, 3, 4].map((attempt) => retryDelayMs(settings, attempt)),
    [5, 10, 20, 40],
  );
  t.is(errorPauseMs(settings), 25);
});

test('renews the lease every third of its time-to-live, and not more often than every 10 ms', (t) => {
  t.is(renewalIntervalMs(runnerSettings({ leaseTtlMs: 10_000 })), 3333);
  t.is(renewalIntervalMs(runnerSettings({ leaseTtlMs: 600 })), 200);
  t.is(renewalIntervalMs(runnerSettings({ leaseTtlMs: 12 })), 10);
});

test('asks for a lease again within half to one and a half of the shorter of the poll and a third of the ttl', (t) => {
  const polls = runnerSettings({ idlePollMs: 1000, leaseTtlMs: 600 });
  t.is(leaseRetryDelayMs(polls, 0), 100);
  t.is(leaseRetryDelayMs(polls, 0.5), 200);
  t.true(leaseRetryDelayMs(polls, 0.999) < 300);
  t.is(leaseRetryDelayMs(runnerSettings({ idlePollMs: 50, leaseTtlMs: 600 }), 0.5), 50);
});

test('after stepping down, leaves the lease for about the longer of the poll and the ttl', (t) => {
  t.is(stepDownDelayMs(runnerSettings({ idlePollMs: 1000, leaseTtlMs: 600 }), 0.5), 1000);
  t.is(stepDownDelayMs(runnerSettings({ idlePollMs: 50, leaseTtlMs: 600 }), 0), 300);
  t.is(stepDownDelayMs(runnerSettings({ idlePollMs: 50, leaseTtlMs: 600 }), 0.5), 600);
});
