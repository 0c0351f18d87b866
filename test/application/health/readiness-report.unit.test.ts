import test from 'ava';
import {
  type ProjectionProgress,
  dependencyCheck,
  makeReadinessReport,
  migrationsCheck,
  projectionsCheck,
  readHorizonDetail,
} from '../../../application/health/index.ts';

const progress =
  (...projections: ProjectionProgress[]) =>
  () =>
    Promise.resolve(projections);

const at = (name: string, position: bigint | null): ProjectionProgress => ({
  name,
  checkpoint: position === null ? null : { transactionId: 800n, position },
  eventTypes: [],
  parked: null,
});

/** Each projection's events left to apply, as the event store would count them (up to `atMost`). */
const behind =
  (lags: Readonly<Record<string, number>>) =>
  (projection: ProjectionProgress, atMost: number): Promise<number> =>
    Promise.resolve(Math.min(lags[projection.name] ?? 0, atMost));

test('is ready when every check passes', async (t) => {
  const report = makeReadinessReport({
    checks: [
      dependencyCheck({ name: 'database', check: () => Promise.resolve() }),
      migrationsCheck(() => Promise.resolve([])),
      projectionsCheck({
        expected: ['audit'],
        progress: progress(at('audit', 95n)),
        lag: behind({ audit: 5 }),
      }),
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

test('fails a projection with more events of its own types left than the limit', async (t) => {
  const asked: number[] = [];
  const check = projectionsCheck({
    expected: ['audit', 'employees'],
    progress: progress(at('audit', 100n), at('employees', 89n)),
    lag: (projection, atMost) => {
      asked.push(atMost);
      return behind({ audit: 10, employees: 11 })(projection, atMost);
    },
    maxLag: 10,
  });
  t.deepEqual(await check.check(), ['employees is more than 10 events behind']);
  t.deepEqual(asked, [11, 11], 'no projection is counted further than the limit needs');
});

test('a projection without a checkpoint counts from the start of the log', async (t) => {
  const check = projectionsCheck({
    expected: ['audit'],
    progress: progress(at('audit', null)),
    lag: behind({ audit: 20_001 }),
  });
  t.deepEqual(await check.check(), ['audit is more than 10000 events behind']);
  const empty = projectionsCheck({
    expected: ['audit'],
    progress: progress(at('audit', null)),
    lag: behind({}),
  });
  t.deepEqual(await empty.check(), []);
});

test('fails a parked projection and one that has not started', async (t) => {
  const check = projectionsCheck({
    expected: ['audit', 'employees'],
    progress: progress({ ...at('audit', 40n), parked: { position: 41n, error: 'boom' } }),
    lag: behind({ audit: 1 }),
  });
  t.deepEqual(await check.check(), ['employees has not started', 'audit is parked at position 41: boom']);
});

test('shows the appender holding the read horizon in details, and stays ready', async (t) => {
  const holder = { pid: 4242, xid: '9001', applicationName: 'tbot', ageSeconds: 12.5 };
  const report = makeReadinessReport({
    checks: [],
    details: [readHorizonDetail(() => Promise.resolve(holder))],
  });
  t.deepEqual(await report(), {
    status: 'ready',
    reasons: [],
    checks: {},
    details: { eventLogHorizon: { heldBy: holder } },
  });
  const free = makeReadinessReport({
    checks: [],
    details: [readHorizonDetail(() => Promise.resolve(null))],
  });
  t.false('details' in (await free()), 'no details when nothing holds it');
  const failing = makeReadinessReport({
    checks: [],
    details: [readHorizonDetail(() => Promise.reject(new Error('pg_locks unreadable')))],
  });
  t.is((await failing()).status, 'ready', 'details never make a node unready');
});
