import test from 'ava';
import { WrongExpectedRevisionError } from '../../../application/ports/event-store-errors.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import {
  HttpProblem,
  type ProblemSpec,
  httpCode,
  isMappedCode,
  problemFromError,
  statusForCode,
} from '../../../interfaces/http/index.ts';

test('maps every code to its status through one map per feature', (t) => {
  t.is(statusForCode('EVENT_STORE.WRONG_EXPECTED_REVISION'), 409);
  t.is(statusForCode('EMPLOYEE.NOT_FOUND'), 404);
  t.is(statusForCode('AUDIT.STREAM_NOT_FOUND'), 404);
  t.is(statusForCode('USER.ALREADY_EXISTS'), 409);
  t.is(statusForCode('WORKSTATION.HOSTNAME_TAKEN'), 409);
  t.is(statusForCode('DEPARTMENT.NOT_EMPTY'), 409);
  t.is(statusForCode('AUTH.UNAUTHENTICATED'), 401);
  t.is(statusForCode('AUTH.RATE_LIMITED'), 429);
  t.is(statusForCode('SETTINGS.INVALID'), 422);
  t.is(statusForCode('EMPLOYEE.DISMISSED'), 422);
  t.is(statusForCode('PROJECTIONS.STORE_UNAVAILABLE'), 503);
  // @ts-expect-error A misspelt code is a compile error, not a silent 422.
  statusForCode('EMPLOYEE.NOT_FOUDN');
});

test('answers a domain error with its status, code and message', (t) => {
  t.deepEqual(problemFromError(new DomainError('EMPLOYEE.NOT_FOUND', 'No employee 42')), {
    status: 404,
    code: 'EMPLOYEE.NOT_FOUND',
    detail: 'No employee 42',
  });
  t.like(problemFromError(new WrongExpectedRevisionError('employee-1', 3, 4)), {
    status: 409,
    code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
  });
});

test('answers a refused command with 422 and its message', (t) => {
  t.deepEqual(problemFromError(new DomainError('EMPLOYEE.DISMISSED', 'Employee 42 is dismissed')), {
    status: 422,
    code: 'EMPLOYEE.DISMISSED',
    detail: 'Employee 42 is dismissed',
  });
  // @ts-expect-error A code outside the features' unions cannot be thrown.
  t.truthy(new DomainError('EMPLOYEE.ALREADY_FIRED', 'Already fired'));
});

test('gives a status only to codes of ours, never by a look-alike suffix', (t) => {
  t.true(isMappedCode('USER.NOT_FOUND'));
  t.false(isMappedCode('USER.CONFLICT'));
  t.false(isMappedCode('NOT_FOUNDATION.X'));
  t.false(isMappedCode('ERR_MODULE_NOT_FOUND'));
  t.false(isMappedCode('toString'));
  t.false(isMappedCode(404));
});

test('answers an unknown error with 500 and no internals', (t) => {
  const problem = problemFromError(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
  t.is(problem.status, 500);
  t.is(problem.code, 'HTTP.INTERNAL_SERVER_ERROR');
  t.notRegex(problem.detail, /ECONNREFUSED|hunter2/);
  t.is(problemFromError('a string').status, 500);
  t.is(problemFromError(null).status, 500);
});

test('hides the message of a fault that has a code', (t) => {
  const unavailable = Object.assign(new Error('pool exhausted on db-1'), {
    code: 'PROJECTIONS.STORE_UNAVAILABLE',
  });
  const problem = problemFromError(unavailable);
  t.is(problem.status, 503);
  t.notRegex(problem.detail, /db-1/);
  const migration = Object.assign(new Error('relation x'), { code: 'DATABASE.MIGRATION_FAILED' });
  t.is(problemFromError(migration).status, 500);
});

test("keeps Koa's own 4xx errors and their messages", (t) => {
  const thrown = Object.assign(new Error('Missing id'), { status: 400, expose: true });
  t.deepEqual(problemFromError(thrown), { status: 400, code: 'HTTP.BAD_REQUEST', detail: 'Missing id' });
  t.is(problemFromError(Object.assign(new Error('x'), { status: 502 })).status, 500);
});

test('passes an HttpProblem through as it is', (t) => {
  const spec: ProblemSpec = {
    status: 429,
    code: 'HTTP.TOO_MANY_REQUESTS',
    detail: 'slow down',
    headers: { 'Retry-After': '3' },
  };
  t.is(problemFromError(new HttpProblem(spec)), spec);
  // @ts-expect-error A misspelt code of the HTTP interface's own is a compile error.
  t.truthy(new HttpProblem({ status: 422, code: 'HTTP.VALIDATON_FAILED', detail: 'x' }));
  // @ts-expect-error So is a status's phrase written by hand: only `httpCode` derives one.
  t.truthy(new HttpProblem({ status: 404, code: 'HTTP.NOT_FOUND', detail: 'x' }));
});

test('derives HTTP codes from the status phrase', (t) => {
  t.is(String(httpCode(404)), 'HTTP.NOT_FOUND');
  t.is(String(httpCode(413)), 'HTTP.PAYLOAD_TOO_LARGE');
  t.is(String(httpCode(415)), 'HTTP.UNSUPPORTED_MEDIA_TYPE');
});

test('answers an outage of PostgreSQL or Redis with 503 SERVICE.UNAVAILABLE and Retry-After, never 500', (t) => {
  const outages = [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
      name: 'MaxRetriesPerRequestError',
    }),
    new Error('Command timed out'),
  ];
  for (const outage of outages) {
    const problem = problemFromError(outage);
    t.like(problem, { status: 503, code: 'SERVICE.UNAVAILABLE' }, outage.message);
    t.is(problem.headers?.['Retry-After'], '5');
    t.notRegex(problem.detail, /5432|127\.0\.0\.1/);
  }
  t.is(
    problemFromError(Object.assign(new Error('x'), { code: 'PROJECTIONS.STORE_UNAVAILABLE' })).headers?.[
      'Retry-After'
    ],
    '5',
  );
  t.is(problemFromError(Object.assign(new Error('syntax'), { code: '42601' })).status, 500);
});
