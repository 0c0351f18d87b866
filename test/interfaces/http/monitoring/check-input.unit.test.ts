import test from 'ava';
import { checkOf, timingOf } from '../../../../interfaces/http/monitoring/check-input.ts';
import { CheckBody } from '../../../../interfaces/http/monitoring/monitoring-schemas.ts';

test('a check that names no timing gets the default interval, a timeout below it and one silent retry', (t) => {
  t.deepEqual(timingOf({}, 60), {
    intervalSeconds: 60,
    retryIntervalSeconds: 60,
    timeoutSeconds: 10,
    retries: 1,
    resendIntervalSeconds: 0,
  });
  // The shortest interval still leaves the timeout below it.
  t.like(timingOf({ intervalSeconds: 10 }, 60), { intervalSeconds: 10, timeoutSeconds: 9 });
  t.like(timingOf({ retryIntervalSeconds: 10 }, 300), { intervalSeconds: 300, timeoutSeconds: 9 });
  t.like(timingOf({ timeoutSeconds: 30, retries: 3 }, 120), { timeoutSeconds: 30, retries: 3 });
});

test('an HTTP check as the schema reads it: defaults filled in, nothing left undefined', (t) => {
  const body = CheckBody.parse({ definition: { kind: 'http', url: 'https://intranet.corp.example/health' } });
  const check = checkOf(body, 60);
  t.deepEqual(check.definition, {
    kind: 'http',
    url: 'https://intranet.corp.example/health',
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    ignoreTlsErrors: false,
  });
  t.false(Object.values(check.definition).includes(undefined));
});

test('refuses a port out of range and an interval outside 10..3600 at the edge', (t) => {
  const refused = (check: unknown) =>
    CheckBody.safeParse(check).error?.issues.map((issue) => issue.path.join('.'));
  t.deepEqual(refused({ definition: { kind: 'tcp', port: 0 } }), ['definition.port']);
  t.deepEqual(refused({ definition: { kind: 'tcp', port: 22 }, timing: { intervalSeconds: 9 } }), [
    'timing.intervalSeconds',
  ]);
  t.deepEqual(
    refused({ definition: { kind: 'http', url: 'https://a.example/', keyword: 'x'.repeat(1025) } }),
    ['definition.keyword'],
  );
});
