/**
 * The HTTP server `bench/api.ts` measures, in a process of its own (so that autocannon, in the bench's
 * process, does not share its event loop). Run with `node --import tsx`, forked with an IPC channel:
 *
 *   argv[2] = 'tbot'      the node's HTTP stack as `interfaces/runtime/serve.ts` assembles it (event store,
 *                         projection runner, settings view, auth, audit, users, settings routes, Redis rate
 *                         limits) on BENCH_API_DATABASE_URL, with rate limits far above what a run can spend;
 *   argv[2] = 'baseline'  a bare Koa app with one route, `GET /ping`, answering a small JSON.
 *
 * Sends `{ port }` once listening; stops (and exits) on the message `'stop'` or when the parent goes away.
 */
import { randomBytes } from 'node:crypto';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../../infrastructure/personal-data/index.ts';
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import pino, { type Logger } from 'pino';
import { makeHealthReport, makeReadinessReport } from '../../application/health/index.ts';
import { systemClock } from '../../application/ports/index.ts';
import { makeSettingsCommands, startSettingsView } from '../../application/settings/index.ts';
import { createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager, createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { createHttpMetrics } from '../../infrastructure/metrics/http-metrics.ts';
import { createMetrics } from '../../infrastructure/metrics/index.ts';
import { openDatabase } from '../../infrastructure/postgres/index.ts';
import { createPostgresProjectionStore } from '../../infrastructure/projections/index.ts';
import { createRateLimiter } from '../../infrastructure/rate-limits/index.ts';
import { closeRedis, openRedis } from '../../infrastructure/redis/index.ts';
import { createProjectionRunner, projectors } from '../../projections/index.ts';
import { createHttpApp, startHttpServer } from '../../interfaces/http/index.ts';
import { settingsRoutes } from '../../interfaces/http/settings/index.ts';
import { openAuditRoutes } from '../../interfaces/runtime/audit-runtime.ts';
import { openAuthRuntime } from '../../interfaces/runtime/auth-runtime.ts';
import { API_SERVER_ENV, BENCH_ADMIN } from './api-server-env.ts';

/** Far above anything a run spends: the bench measures the limiter's cost, never its refusals. */
const UNLIMITED_REQUESTS_PER_MINUTE = 1_000_000_000;

type Stop = () => Promise<void>;

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** Access log and info to nowhere (its cost stays, as in production), warnings and errors to stderr. */
function benchLogger(): Logger {
  return pino(
    { level: 'info' },
    pino.multistream([
      { level: 'info', stream: pino.destination({ dest: '/dev/null', sync: false }) },
      { level: 'warn', stream: process.stderr },
    ]),
  );
}

async function startTbot(logger: Logger): Promise<{ port: number; stop: Stop }> {
  const url = env(API_SERVER_ENV.databaseUrl);
  const redisUrl = env(API_SERVER_ENV.redisUrl);
  const keyPrefix = env(API_SERVER_ENV.redisKeyPrefix);
  const nodeId = `bench-${process.pid}`;
  const stops: Stop[] = [];
  const stopAll: Stop = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    const database = openDatabase({
      url,
      poolMax: Number(env(API_SERVER_ENV.poolMax)),
      applicationName: 'tbot-bench-api',
    });
    stops.push(() => database.close());
    const eventStore = createPostgresEventStore({ pool: database.pool, url });
    stops.push(() => eventStore.close());
    const redis = redisUrl === '' ? null : openRedis({ url: redisUrl, name: `tbot:${nodeId}`, logger });
    if (redis) stops.push(() => closeRedis(redis));
    const leases = redis
      ? createRedisLeaseManager({ redis, nodeId, keyPrefix: `${keyPrefix}lease:` })
      : createMemoryLeaseManager({ nodeId });

    const projectionStore = createPostgresProjectionStore(database.pool);
    const runner = createProjectionRunner({
      projectors,
      eventStore,
      projectionStore,
      leases,
      nodeId,
      logger: logger.child({ component: 'projections' }),
    });
    await runner.start();
    stops.push(() => runner.stop());

    const limiterRedis = redis ? { client: redis, keyPrefix } : null;
    const limiter = (name: string) =>
      createRateLimiter({
        name,
        points: UNLIMITED_REQUESTS_PER_MINUTE,
        durationSeconds: 60,
        redis: limiterRedis,
      });
    const secret = randomUUID() + randomUUID();
    const authRuntime = openAuthRuntime({
      pool: database.pool,
      db: database.db,
      eventStore,
      projectionStore,
      jwtSecret: secret,
      redis: limiterRedis,
    });
    if ((await authRuntime.directory.count()) === 0) {
      await authRuntime.users.createUser(
        { username: BENCH_ADMIN, password: env(API_SERVER_ENV.adminPassword), role: 'admin' },
        {
          metadata: {
            actor: { kind: 'system', id: nodeId, name: 'bench' },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            source: 'system',
            occurredAt: new Date().toISOString(),
          },
        },
      );
    }
    const settingsView = await startSettingsView({ store: eventStore });
    stops.push(() => settingsView.stop());

    const metrics = createMetrics();
    const app = createHttpApp({
      logger,
      version: 'bench',
      // The operations routes are not measured: reports without probes.
      healthReport: makeHealthReport({
        version: 'bench',
        nodeId,
        startedAt: systemClock.now(),
        clock: systemClock,
        probes: [],
      }),
      readinessReport: makeReadinessReport({ checks: [] }),
      metrics,
      httpMetrics: createHttpMetrics(metrics),
      apiRateLimits: { perIp: limiter('api-ip'), perUser: limiter('api-user') },
      jwtSecret: secret,
      currentUsers: authRuntime.currentUsers,
      features: [
        ...authRuntime.routes,
        openAuditRoutes({
          pool: database.pool,
          db: database.db,
          eventStore,
          // The bench writes no personal data: any master key does.
          personalDataKeys: createPostgresPersonalDataKeys({
            pool: database.pool,
            masterKey: masterKeyOf(randomBytes(32)),
          }),
        }),
        settingsRoutes({ commands: makeSettingsCommands({ store: eventStore }), view: settingsView }),
      ],
    });
    const inFlight = countInFlight(app);
    const http = await startHttpServer(app, '127.0.0.1', 0);
    stops.push(async () => {
      await http.close();
      await inFlight.drained(10_000);
    });
    return { port: http.port, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Counts requests still being handled, outermost of the app's middleware. autocannon drops its sockets at the
 * end of a run: the server then closes at once, while writes it had under way still wait for their read
 * model; the pool must outlive them.
 */
function countInFlight(app: Koa): { drained(timeoutMs: number): Promise<void> } {
  let count = 0;
  app.middleware.unshift(async (_ctx, next) => {
    count += 1;
    try {
      await next();
    } finally {
      count -= 1;
    }
  });
  return {
    async drained(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (count > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/** The baseline: Koa and one router, nothing else, on a server set up as `startHttpServer` sets it up. */
async function startBaseline(): Promise<{ port: number; stop: Stop }> {
  const app = new Koa();
  const router = new Router();
  router.get('/ping', (ctx) => {
    ctx.body = { ok: true, service: 'baseline', time: new Date().toISOString() };
  });
  app.use(router.routes()).use(router.allowedMethods());
  const handle = app.callback();
  const server: Server = createServer((request, response) => void handle(request, response));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'tbot' && mode !== 'baseline') throw new Error(`api-server: unknown mode "${mode ?? ''}"`);
  if (!process.send) throw new Error('api-server: start it with an IPC channel (child_process.fork)');
  const running = mode === 'tbot' ? await startTbot(benchLogger()) : await startBaseline();
  let stopping: Promise<void> | null = null;
  // Exits once stopped: nothing of the server must keep the process (and the bench) waiting.
  const stop = () => {
    stopping ??= running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('api-server: stop failed:', error);
        process.exit(1);
      },
    );
    return stopping;
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.once('disconnect', () => void stop());
  process.send({ port: running.port });
}

main().catch((error: unknown) => {
  console.error('api-server failed:', error);
  process.exit(1);
});
