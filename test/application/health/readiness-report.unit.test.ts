import test from 'ava';
import {
  type ProjectionProgress,
  dependencyCheck,
  makeReadinessReport,
  migrationsCheck,
  projectionsCheck,
} from '../../../application/health/index.ts';

const head = (position: bigint | null) => ({
  headCheckpoint: () => Promise.resolve(position === null ? null : { transactionId: 900n, position }),
});

const progress =
  (...projections: ProjectionProgress[]) =>
  () =>
    Promise.resolve(projections);

const at = (name: string, position: bigint | null): ProjectionProgress => ({ name, position, parked: null });

test('is ready when every check passes', async (t) => {
  const report = makeReadinessReport({
    checks: [
      dependencyCheck({ name: 'database', check: () => Promise.resolve() }),
      migrationsCheck(() => Promise.resolve([])),
      projectionsCheck({ expected: ['audit'], progress: progress(at('audit', 95n)), events: head(100n) }),
    ],
  });
  t.deepEqual(await report(), {
    status: 'ready',
    reasons: [],
    checks: { database: 'pass', migrations: 'pass', projections: 'pass' },
  });
});

test('is not ready, with every reason, when checks fail', async (t) => {
  const report = makeReadinessReport({
    checks: [
      dependencyCheck({ name: 'database', check: () => Promise.resolve() }),
      dependencyCheck({ name: 'redis', check: () => Promise.reject(new Error('connect ECONNREFUSED')) }),
      migrationsCheck(() => Promise.resolve(['2027-01-01T00-00-00_users', '2027-01-02T00-00-00_settings'])),
    ],
  });
  t.deepEqual(await report(), {
    status: 'not_ready',
    reasons: [
      'redis: connect ECONNREFUSED',
      'migrations: 2 pending (2027-01-01T00-00-00_users, 2027-01-02T00-00-00_settings)',
    ],
    checks: { database: 'pass', redis: 'fail', migrations: 'fail' },
  });
});

test('fails a check that does not answer in time', async (t) => {
  const report = makeReadinessReport({
    checkTimeoutMs: 20,
    checks: [dependencyCheck({ name: 'database', check: () => new Promise(() => undefined) })],
  });
  t.deepEqual((await report()).reasons, ['database: no answer within 20 ms']);
});

test('fails a projection further behind the head than the limit', async (t) => {
  const check = projectionsCheck({
    expected: ['audit', 'employees'],
    progress: progress(at('audit', 100n), at('employees', 89n)),
    events: head(100n),
    maxLag: 10,
  });
  t.deepEqual(await check.check(), ['employees is 11 events behind (at most 10)']);
});

test('counts a projection without a checkpoint from the start of the log', async (t) => {
  const check = projectionsCheck({
    expected: ['audit'],
    progress: progress(at('audit', null)),
    events: head(20_001n),
  });
  t.deepEqual(await check.check(), ['audit is 20001 events behind (at most 10000)']);
  const empty = projectionsCheck({
    expected: ['audit'],
    progress: progress(at('audit', null)),
    events: head(null),
  });
  t.deepEqual(await empty.check(), []);
});

test('fails a parked projection and one that has not started', async (t) => {
  const check = projectionsCheck({
    expected: ['audit', 'employees'],
    progress: progress({ name: 'audit', position: 40n, parked: { position: 41n, error: 'boom' } }),
    events: head(41n),
  });
  t.deepEqual(await check.check(), ['employees has not started', 'audit is parked at position 41: boom']);
});
