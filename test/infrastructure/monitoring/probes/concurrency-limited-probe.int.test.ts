import test from 'ava';
import type { HttpCheck } from '../../../../domain/monitoring/check-definition.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { createProbe, withConcurrencyLimit } from '../../../../infrastructure/monitoring/probes/index.ts';
import { startHttpTarget } from '../../../support/monitoring-targets/http-target.ts';
import { eventually } from '../../../support/eventually.ts';

const limits = { timeoutMs: 5_000, maxBodyBytes: 65_536, maxRedirects: 5 };

test('no more than maxInFlight checks reach the targets at once; the rest wait their turn', async (t) => {
  const target = await startHttpTarget();
  t.teardown(() => target.close());
  const hang: HttpCheck = {
    kind: 'http',
    url: `${target.url}/hang`,
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    ignoreTlsErrors: false,
  };
  const controller = new AbortController();
  const probe = withConcurrencyLimit(createProbe({ logger: captureLogger() }), 2);
  const runs = Array.from({ length: 5 }, () => probe.run(hang, limits, controller.signal));

  t.true(await eventually(() => target.inProgress() === 2), 'two requests hang at the target');
  t.is(probe.inFlight(), 2);
  t.is(probe.waiting(), 3);
  t.is(target.requests('/hang'), 2, 'the other three never left');

  controller.abort();
  const results = await Promise.all(runs);
  t.deepEqual(new Set(results.map((result) => result.message)), new Set(['aborted']));
  t.is(target.maxInProgress(), 2);
  t.is(probe.inFlight(), 0);
  t.is(probe.waiting(), 0);
});

test('a freed slot goes to the next waiting check', async (t) => {
  const target = await startHttpTarget();
  t.teardown(() => target.close());
  const health: HttpCheck = {
    kind: 'http',
    url: `${target.url}/health`,
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    ignoreTlsErrors: false,
  };
  const probe = withConcurrencyLimit(createProbe({ logger: captureLogger() }), 1);
  const results = await Promise.all(Array.from({ length: 4 }, () => probe.run(health, limits)));
  t.deepEqual(
    results.map((result) => result.status),
    ['up', 'up', 'up', 'up'],
  );
  t.is(target.maxInProgress(), 1);
  t.is(probe.inFlight(), 0);
});

test('a bound below one is refused', (t) => {
  t.throws(() => withConcurrencyLimit(createProbe({ logger: captureLogger() }), 0), {
    instanceOf: RangeError,
  });
});

test('a bound read live: raised, the waiting checks start; lowered, none starts until below it', async (t) => {
  const target = await startHttpTarget();
  t.teardown(() => target.close());
  const hang: HttpCheck = {
    kind: 'http',
    url: `${target.url}/hang`,
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    ignoreTlsErrors: false,
  };
  let bound = 1;
  const controller = new AbortController();
  const probe = withConcurrencyLimit(createProbe({ logger: captureLogger() }), () => bound);
  const runs = Array.from({ length: 3 }, () => probe.run(hang, limits, controller.signal));
  t.true(await eventually(() => target.inProgress() === 1));
  t.is(probe.waiting(), 2);
  // Raised: the next check to start (or end) lets the waiting ones through, in order.
  bound = 3;
  runs.push(probe.run(hang, limits, controller.signal));
  t.true(await eventually(() => target.inProgress() === 3), 'three requests hang at the target');
  t.is(probe.inFlight(), 3);
  t.is(probe.waiting(), 1);
  // Lowered below what runs: nothing more starts.
  bound = 1;
  runs.push(probe.run(hang, limits, controller.signal));
  t.is(probe.inFlight(), 3);
  t.is(probe.waiting(), 2);
  controller.abort();
  await Promise.all(runs);
  t.is(target.maxInProgress(), 3);
  t.is(probe.inFlight(), 0);
});
