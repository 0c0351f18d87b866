/**
 * The HTTP API on its real stack (Koa, authentication, Redis rate limits, PostgreSQL event store and read
 * models, projection runner), driven by autocannon 9 against a throwaway database, with a bare Koa app in
 * the same run as the baseline:
 *
 *   - read:     `GET /api/v1/audit?limit=50` as the admin (Bearer token), over an audit log of BENCH_AUDIT_EVENTS
 *               events (default 5000, put in by SQL and projected before the run: setup, not measured);
 *   - write:    `PATCH /api/v1/users/:id/role` as the admin: each connection toggles its own user between
 *               operator and viewer, so every request appends one `UserRoleChanged` (checked afterwards) and
 *               answers once the users read model has it (read-your-writes), as the route always does;
 *   - baseline: a bare Koa app, one route returning a small JSON, served the same way.
 *
 *   npm run bench:api      BENCH_DURATION_S (default 10) per measurement after BENCH_WARMUP_S (default 2) of
 *                          warm-up; BENCH_CONNECTIONS (default 10); BENCH_DATABASE_URL names the PostgreSQL
 *                          server; BENCH_REDIS_URL (default redis://127.0.0.1:6379, '' for none: in-process
 *                          rate limits and leases; also used when Redis does not answer).
 *
 * Each server runs in a child process of its own (`support/api-server.ts`), autocannon in this one: on a
 * small machine both compete for the same cores, as a client on the same host does. The API's rate limits
 * are set far above what a run spends (its `serve.ts` limits, 300 a minute, would refuse nearly everything):
 * the limiter's cost is measured, not its refusals. The access log goes to /dev/null, at info level. The
 * server is assembled from the factories `serve.ts` uses (see `support/api-server.ts`), not by `startNode`.
 * A run with any error or non-2xx answer fails. The last line of stdout is one JSON object (see `main`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { userStreamId } from '../domain/users/index.ts';
import { createPostgresEventStore } from '../infrastructure/event-store/index.ts';
import { createPostgresProjectionStore } from '../infrastructure/projections/index.ts';
import { auditProjector, usersProjector, waitForProjection } from '../projections/index.ts';
import { API_SERVER_ENV, BENCH_ADMIN } from './support/api-server-env.ts';
import type { BenchDatabase } from './support/bench-database.ts';
import { startBenchRun } from './support/bench-run.ts';
import { fillEvents } from './support/fill-events.ts';
import { lastEventOf } from './support/last-event.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';
import { numberFromEnv } from './support/env-numbers.ts';

const SERVER_ENTRY = fileURLToPath(new URL('./support/api-server.ts', import.meta.url));
const SERVER_POOL_MAX = 10;
const AUDIT_LIMIT = 50;

interface Settings {
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly auditEvents: number;
  readonly redisUrl: string;
}

function settings(): Settings {
  return {
    durationS: numberFromEnv('BENCH_DURATION_S', 10, 1, 600),
    warmupS: numberFromEnv('BENCH_WARMUP_S', 2, 0, 60),
    connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 10, 1, 1000)),
    auditEvents: Math.round(numberFromEnv('BENCH_AUDIT_EVENTS', 5000, 100, 10_000_000)),
    redisUrl: process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  };
}

/** The Redis URL when Redis answers a PING within a second, '' otherwise (the server then counts in memory). */
async function reachableRedis(url: string): Promise<string> {
  if (url === '') return '';
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return url;
  } catch {
    process.stderr.write(`  Redis at ${url} does not answer: rate limits and leases in process\n`);
    return '';
  } finally {
    client.disconnect();
  }
}

/** Deletes the run's keys (rate-limit counters, leases). */
async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  if (url === '') return;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Forks `support/api-server.ts` in `mode` and resolves once it listens; `stop()` waits for it to exit. */
async function startServer(mode: 'tbot' | 'baseline', env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const child: ChildProcess = fork(SERVER_ENTRY, [mode], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server: not listening after 60 s`)), 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      const value = (message as { port?: unknown }).port;
      if (typeof value === 'number') resolve(value);
      else reject(new Error(`${mode} server: unexpected message ${JSON.stringify(message)}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited (${code ?? 'signal'}) before listening`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`${mode} server exited with ${code ?? 'a signal'}`);
    },
  };
}

async function requestJson(
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<unknown> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/** Fills the log by SQL, then waits until the node's audit and users projections have all of it. */
async function seedAudit(database: BenchDatabase, count: number): Promise<void> {
  const handle = database.open(1);
  try {
    await fillEvents(handle.pool, count);
  } finally {
    await handle.close();
  }
}

async function waitForProjections(database: BenchDatabase): Promise<void> {
  const handle = database.open(1);
  const store = createPostgresEventStore({ pool: handle.pool, url: database.url });
  try {
    const projections = createPostgresProjectionStore(handle.pool);
    for (const projector of [auditProjector, usersProjector]) {
      const { checkpoint } = await lastEventOf(handle.pool, projector.eventTypes);
      if (checkpoint === null) continue;
      if (!(await waitForProjection(projections, projector.name, checkpoint, 120_000))) {
        throw new Error(`projection ${projector.name} did not reach its last event in 120 s`);
      }
    }
  } finally {
    await store.close();
    await handle.close();
  }
}

async function countEvents(
  database: BenchDatabase,
  type: string,
  streams: readonly string[],
): Promise<number> {
  const handle = database.open(1);
  try {
    const { rows } = await handle.pool.query<{ count: string }>(
      'select count(*) from es.events where type = $1 and stream_id = any($2)',
      [type, streams],
    );
    return Number(rows[0]?.count ?? 0);
  } finally {
    await handle.close();
  }
}

interface Load {
  readonly url: string;
  readonly method?: 'GET' | 'PATCH';
  readonly headers?: Record<string, string>;
  /** Per connection (0-based): the requests it loops over; none: `url` with `method` and `headers`. */
  readonly requestsFor?: (connection: number) => autocannon.Request[];
}

interface Run {
  readonly name: string;
  readonly what: string;
  readonly rps: number;
  readonly ok: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly failures: number;
}

async function fire(load: Load, connections: number, durationS: number): Promise<autocannon.Result> {
  let next = 0;
  const { requestsFor } = load;
  return autocannon({
    url: load.url,
    connections,
    duration: durationS,
    method: load.method ?? 'GET',
    headers: load.headers ?? {},
    ...(requestsFor === undefined
      ? {}
      : { setupClient: (client: autocannon.Client) => client.setRequests(requestsFor(next++)) }),
  });
}

/** A warm-up run (not reported), then the measured one; counts 2xx of both in `okTotal`. */
async function measureLoad(
  name: string,
  what: string,
  load: Load,
  config: Settings,
): Promise<Run & { readonly okTotal: number }> {
  let okTotal = 0;
  if (config.warmupS > 0) {
    const warm = await fire(load, config.connections, config.warmupS);
    okTotal += warm['2xx'];
    const failed = warm.non2xx + warm.errors + warm.timeouts;
    if (failed > 0)
      throw new Error(`${name} warm-up: ${failed} failed requests ${JSON.stringify(warm.statusCodeStats)}`);
  }
  process.stderr.write(`  measuring ${name} for ${config.durationS} s ...\n`);
  const result = await fire(load, config.connections, config.durationS);
  okTotal += result['2xx'];
  const failures = result.non2xx + result.errors + result.timeouts;
  return {
    name,
    what,
    rps: result['2xx'] / result.duration,
    ok: result['2xx'],
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    failures,
    okTotal,
  };
}

function resultsTable(runs: readonly Run[], baseline: Run): string {
  return formatTable(
    [
      { header: 'load' },
      { header: 'requests', align: 'right' },
      { header: 'req/s', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p90 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'failed', align: 'right' },
      { header: 'vs baseline', align: 'right' },
    ],
    runs.map((run) => [
      `${run.name}: ${run.what}`,
      formatInteger(run.ok),
      formatInteger(run.rps),
      formatFixed(run.p50, 1),
      formatFixed(run.p90, 1),
      formatFixed(run.p99, 1),
      formatFixed(run.max, 1),
      formatInteger(run.failures),
      formatFixed(run.rps / baseline.rps, 3),
    ]),
  );
}

async function benchTbot(
  database: BenchDatabase,
  config: Settings,
  redisUrl: string,
  redisPrefix: string,
): Promise<{ read: Run; write: Run }> {
  const password = randomBytes(18).toString('base64url');
  const server = await startServer('tbot', {
    [API_SERVER_ENV.databaseUrl]: database.url,
    [API_SERVER_ENV.redisUrl]: redisUrl,
    [API_SERVER_ENV.redisKeyPrefix]: redisPrefix,
    [API_SERVER_ENV.adminPassword]: password,
    [API_SERVER_ENV.poolMax]: String(SERVER_POOL_MAX),
  });
  try {
    await waitForProjections(database);
    const login = (await requestJson(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      body: { username: BENCH_ADMIN, password },
    })) as { accessToken: string };
    const token = login.accessToken;
    const headers = { authorization: `Bearer ${token}` };

    const auditUrl = `${server.url}/api/v1/audit?limit=${AUDIT_LIMIT}`;
    const page = (await requestJson(auditUrl, { token })) as { items: unknown[] };
    if (page.items.length !== AUDIT_LIMIT) {
      throw new Error(`the audit log answers ${page.items.length} entries, not ${AUDIT_LIMIT}`);
    }
    const read = await measureLoad(
      'read',
      `GET /api/v1/audit?limit=${AUDIT_LIMIT}`,
      { url: auditUrl, headers },
      config,
    );

    // One target user per connection, created as viewers: each connection toggles its own, so that every
    // request changes the role (and appends an event) and connections do not race on one stream.
    const userIds: string[] = [];
    for (let i = 0; i < config.connections; i++) {
      const user = (await requestJson(`${server.url}/api/v1/users`, {
        method: 'POST',
        token,
        body: {
          username: `bench-user-${i}`,
          password: randomBytes(18).toString('base64url'),
          role: 'viewer',
        },
      })) as { userId?: string; id?: string };
      const id = user.userId ?? user.id;
      if (typeof id !== 'string')
        throw new Error(`POST /api/v1/users answered no id: ${JSON.stringify(user)}`);
      userIds.push(id);
    }
    const writeHeaders = { ...headers, 'content-type': 'application/json' };
    const roleRequests = (connection: number): autocannon.Request[] => {
      const id = userIds[connection % userIds.length] ?? '';
      const path = `/api/v1/users/${id}/role`;
      return ['operator', 'viewer'].map((role) => ({
        method: 'PATCH',
        path,
        headers: writeHeaders,
        body: JSON.stringify({ role }),
      }));
    };
    const write = await measureLoad(
      'write',
      'PATCH /api/v1/users/:id/role',
      { url: server.url, method: 'PATCH', headers: writeHeaders, requestsFor: roleRequests },
      config,
    );
    // Every answered write appended its event; a request cut off at the end of a run may have appended one
    // without its answer being counted.
    const appended = await countEvents(
      database,
      'UserRoleChanged',
      userIds.map((id) => userStreamId(id)),
    );
    const runs = config.warmupS > 0 ? 2 : 1;
    if (appended < write.okTotal || appended > write.okTotal + runs * config.connections) {
      throw new Error(
        `write: ${write.okTotal} requests answered 2xx but ${appended} UserRoleChanged events appended`,
      );
    }
    return { read, write };
  } finally {
    await server.stop();
  }
}

async function benchBaseline(config: Settings): Promise<Run> {
  const server = await startServer('baseline', {});
  try {
    await requestJson(`${server.url}/ping`);
    return await measureLoad('baseline', 'bare Koa GET /ping', { url: `${server.url}/ping` }, config);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const config = settings();
  const run = await startBenchRun(
    'api',
    180_000 + (config.durationS + config.warmupS) * 3 * 1000 * 2 + config.auditEvents,
    // autocannon's runs do not watch a signal: Ctrl-C drops the database and exits.
    { onSignal: 'exit' },
  );
  const { database } = run;
  const redisUrl = await reachableRedis(config.redisUrl);
  const redisPrefix = `tbot-bench-${randomBytes(6).toString('hex')}:`;

  try {
    console.log(
      `bench:api on ${database.name}: ${config.connections} connections, ${config.durationS} s per load after ` +
        `${config.warmupS} s of warm-up; rate limits and leases ${redisUrl === '' ? 'in process' : `in Redis (${redisUrl})`}; ` +
        // Server, database and load generator share this machine: what else runs shows in the figures.
        `load average ${formatFixed(loadavg()[0] ?? Number.NaN, 1)} on ${availableParallelism()} cores`,
    );
    await seedAudit(database, config.auditEvents);
    console.log(`audit log: ${formatInteger(config.auditEvents)} events put in by SQL and projected (setup)`);
    const { read, write } = await benchTbot(database, config, redisUrl, redisPrefix);
    const baseline = await benchBaseline(config);

    console.log('');
    console.log(resultsTable([read, write, baseline], baseline));
    console.log('');
    console.log(
      'write: each request toggles one user role (one UserRoleChanged appended, checked) and answers once the ' +
        'users read model has it; latencies from autocannon (ms).',
    );
    const failures = read.failures + write.failures + baseline.failures;
    if (failures > 0) throw new Error(`${failures} requests failed (non-2xx, errors or timeouts)`);
    const round = (value: number) => Math.round(value * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'api',
        read_rps: Math.round(read.rps),
        read_p50_ms: round(read.p50),
        read_p99_ms: round(read.p99),
        write_rps: Math.round(write.rps),
        write_p50_ms: round(write.p50),
        write_p99_ms: round(write.p99),
        baseline_rps: Math.round(baseline.rps),
        baseline_p99_ms: round(baseline.p99),
        connections: config.connections,
        duration_s: config.durationS,
      }),
    );
  } finally {
    await dropRedisKeys(redisUrl, redisPrefix).catch((error: unknown) => {
      console.error('bench:api: could not delete the Redis keys:', error);
    });
    await run.finish();
  }
}

main().catch((error: unknown) => {
  console.error('bench:api failed:', error);
  process.exitCode = 1;
});
