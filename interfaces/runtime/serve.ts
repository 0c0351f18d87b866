import type { Logger } from 'pino';
import {
  type HealthProbe,
  type ProjectionProgress,
  dependencyCheck,
  makeHealthReport,
  makeReadinessReport,
  migrationsCheck,
  projectionsCheck,
  readHorizonDetail,
} from '../../application/health/index.ts';
import { systemClock } from '../../application/ports/index.ts';
import { makeSettingsCommands, startSettingsView } from '../../application/settings/index.ts';
import { registerNode } from '../../infrastructure/cluster/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { postgresIdempotencyKeys } from '../../infrastructure/idempotency/index.ts';
import { createHttpMetrics } from '../../infrastructure/metrics/http-metrics.ts';
import { createMetrics, createProjectionMetrics } from '../../infrastructure/metrics/index.ts';
import { createEventLogMetrics } from '../../infrastructure/metrics/event-log-metrics.ts';
import { findHorizonHolder } from '../../infrastructure/event-store/index.ts';
import { createMigrator, migrateToLatest } from '../../infrastructure/postgres/index.ts';
import { postgresProbe } from '../../infrastructure/postgres/postgres-probe.ts';
import { createPostgresProjectionStore, projectionLagUpTo } from '../../infrastructure/projections/index.ts';
import { createRateLimiter } from '../../infrastructure/rate-limits/index.ts';
import { redisProbe } from '../../infrastructure/redis/index.ts';
import {
  type ProjectionState,
  type Projector,
  createProjectionRunner,
  projectors,
} from '../../projections/index.ts';
import { type EmployeesDatabase, employeeSearch } from '../../projections/employees/index.ts';
import { type ApiRateLimits, createHttpApp, startHttpServer } from '../http/index.ts';
import { settingsRoutes } from '../http/settings/index.ts';
import { openAuditRoutes } from './audit-runtime.ts';
import { createInitialAdmin, jwtSecret, openAuthRuntime } from './auth-runtime.ts';
import { openDatabaseRuntime } from './database-runtime.ts';
import { openDirectoryRoutes } from './directory-runtime.ts';
import { startIdempotencyKeyExpiry } from './idempotency-key-expiry.ts';
import { openProtectedEventStore, resolveMasterKey } from './event-store-runtime.ts';
import { openTelegramApiRoutes } from './telegram-api-runtime.ts';
import { openTelegramForgetRoutes } from './telegram-forget-runtime.ts';
import { startTelegramBot } from './telegram-runtime.ts';
import { openLeasesRuntime } from './leases-runtime.ts';
import { startNotificationSender } from './notification-runtime.ts';

export interface RunningNode {
  readonly httpPort: number;
  /** Stops in reverse order of start: HTTP, projections, node registration, leases, database. */
  stop(): Promise<void>;
}

/**
 * Starts one TBot node: database (external or embedded), migrations, event store, leases, the projection
 * runner (role `workers`), HTTP. Whatever a setting can refuse is settled before the database is touched
 * (`loadConfig`, then the secrets here): a refused start has done nothing.
 */
export async function startNode(config: Config, logger: Logger, version: string): Promise<RunningNode> {
  const startedAt = systemClock.now();
  const secret = jwtSecret(config.nodeEnv, logger, config.auth.jwtSecret);
  const masterKey = resolveMasterKey(config, logger);
  const database = await openDatabaseRuntime(config, logger);
  const stops: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    const applied = await migrateToLatest(database.db);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database schema is up to date');

    const { eventStore, personalDataKeys, close } = await openProtectedEventStore(
      config,
      logger,
      database,
      masterKey,
    );
    stops.push(close);

    const leasesRuntime = openLeasesRuntime(config, logger);
    stops.push(() => leasesRuntime.close());

    const registration = await registerNode(
      database.pool,
      { nodeId: config.nodeId, version, roles: config.roles },
      { onError: (error) => logger.warn({ err: error }, 'node heartbeat failed') },
    );
    stops.push(() => registration.stop());

    const metrics = createMetrics();
    createEventLogMetrics(metrics, {
      horizonHeldFor: async () => (await findHorizonHolder(database.pool))?.ageSeconds ?? null,
    });
    const projectionStore = createPostgresProjectionStore(database.pool);
    if (config.roles.includes('workers')) {
      const runner = createProjectionRunner({
        projectors,
        eventStore,
        projectionStore,
        leases: leasesRuntime.leases,
        nodeId: config.nodeId,
        logger: logger.child({ component: 'projections' }),
        metrics: createProjectionMetrics(metrics, {
          nodeId: config.nodeId,
          projectionStore,
          lagOf: (state, atMost) => {
            const projector = projectors.find((p) => p.name === state.name);
            // One an older version ran is waiting for nothing: this version does not run it.
            if (!projector) return Promise.resolve(0);
            return projectionLagUpTo(database.pool, state.checkpoint, projector.eventTypes, atMost);
          },
        }),
        options: { leaseTtlMs: config.projections.leaseTtlMs, batchSize: config.projections.batchSize },
      });
      await runner.start();
      stops.push(() => runner.stop());
      logger.info({ projections: projectors.map((p) => p.name) }, 'projection runner started');
    }

    const probes: HealthProbe[] = [postgresProbe(database.pool)];
    if (leasesRuntime.redis) probes.push(redisProbe(leasesRuntime.redis));
    const healthReport = makeHealthReport({
      version,
      nodeId: config.nodeId,
      startedAt,
      clock: systemClock,
      probes,
    });
    const readinessReport = makeReadinessReport({
      checks: [
        ...probes.map(dependencyCheck),
        migrationsCheck(async () => {
          const migrations = await createMigrator(database.db).getMigrations();
          return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
        }),
        projectionsCheck({
          expected: projectors.map((p) => p.name),
          progress: async () => projectionProgress(await projectionStore.list(), projectors),
          lag: (projection, atMost) =>
            projectionLagUpTo(database.pool, projection.checkpoint, projection.eventTypes, atMost),
          maxLag: config.http.readyMaxProjectionLag,
        }),
      ],
      details: [
        readHorizonDetail(async () => {
          const holder = await findHorizonHolder(database.pool);
          // A normal append holds the horizon for about a millisecond: name only one that lingers.
          if (!holder || holder.ageSeconds < 1) return null;
          const { pid, xid, applicationName, ageSeconds } = holder;
          return { pid, xid: String(xid), applicationName, ageSeconds: Math.round(ageSeconds * 10) / 10 };
        }),
      ],
    });
    const redis = leasesRuntime.redis
      ? { client: leasesRuntime.redis, keyPrefix: config.redis.keyPrefix }
      : null;
    const apiRateLimits: ApiRateLimits = {
      perIp: createRateLimiter({
        name: 'api-ip',
        points: config.http.rateLimitPerIpPerMinute,
        durationSeconds: 60,
        redis,
      }),
      perUser: createRateLimiter({
        name: 'api-user',
        points: config.http.rateLimitPerUserPerMinute,
        durationSeconds: 60,
        redis,
      }),
    };
    const authRuntime = openAuthRuntime({
      pool: database.pool,
      db: database.db,
      eventStore,
      projectionStore,
      jwtSecret: secret,
      redis,
    });
    await createInitialAdmin(authRuntime, config, logger);
    const settingsView = await startSettingsView({
      store: eventStore,
      onError: (error) => logger.warn({ err: error }, 'settings subscription failed; retrying'),
    });
    stops.push(() => settingsView.stop());
    const telegram =
      config.roles.includes('bot') && config.telegram.botToken
        ? await startTelegramBot({
            config,
            logger: logger.child({ component: 'telegram' }),
            eventStore,
            leases: leasesRuntime.leases,
            redis: leasesRuntime.redis,
            search: employeeSearch(database.db.withTables<EmployeesDatabase>()),
            pool: database.pool,
            db: database.db,
            personalDataKeys,
            settings: settingsView,
            metrics,
          })
        : null;
    if (telegram) stops.push(() => telegram.stop());
    else logger.info('no TELEGRAM_BOT_TOKEN (or no bot role): the Telegram bot is off');
    const idempotencyKeys = postgresIdempotencyKeys(database.pool);
    const keyExpiry = startIdempotencyKeyExpiry({
      keys: idempotencyKeys,
      leases: leasesRuntime.leases,
      everyMs: 10 * 60_000,
      retentionDays: config.idempotency.retentionDays,
      clock: systemClock,
      logger: logger.child({ component: 'idempotency' }),
    });
    stops.push(() => keyExpiry.stop());
    const notices = startNotificationSender({
      config,
      pool: database.pool,
      personalDataKeys,
      projectionStore,
      leases: leasesRuntime.leases,
      botApi: telegram?.bot.api ?? null,
      settings: settingsView,
      metrics,
      logger: logger.child({ component: 'notifications' }),
    });
    if (notices) stops.push(() => notices.stop());
    const app = createHttpApp({
      logger,
      version,
      idempotencyKeys: {
        keys: idempotencyKeys,
        retentionDays: () => config.idempotency.retentionDays,
        onStatusError: (error) => logger.warn({ err: error }, 'idempotency key status not recorded'),
      },
      healthReport,
      readinessReport,
      metrics,
      httpMetrics: createHttpMetrics(metrics),
      apiRateLimits,
      publicUrl: config.http.publicUrl,
      trustProxy: config.http.trustProxy,
      jwtSecret: secret,
      currentUsers: authRuntime.currentUsers,
      routers: telegram?.webhookRoutes ? [telegram.webhookRoutes] : [],
      features: [
        ...authRuntime.routes,
        openAuditRoutes({ pool: database.pool, db: database.db, eventStore, personalDataKeys }),
        ...openDirectoryRoutes({
          db: database.db.withTables<EmployeesDatabase>(),
          eventStore,
          projectionStore,
          personalDataKeys,
          settings: settingsView,
          logger,
        }),
        openTelegramApiRoutes({
          db: database.db,
          eventStore,
          projectionStore,
          adminIds: config.telegram.adminIds,
        }),
        openTelegramForgetRoutes({ pool: database.pool, eventStore, personalDataKeys, logger }),
        settingsRoutes({ commands: makeSettingsCommands({ store: eventStore }), view: settingsView }),
      ],
    });
    const http = await startHttpServer(app, config.http.host, config.http.port);
    stops.push(() => http.close());
    logger.info({ url: `http://${config.http.host}:${http.port}`, roles: config.roles }, 'TBot is listening');
    return { httpPort: http.port, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The projections this version runs, where they stand; one an older version ran is none of readiness's. */
function projectionProgress(
  states: readonly ProjectionState[],
  projectors: readonly Projector[],
): ProjectionProgress[] {
  return states.flatMap((state) => {
    const projector = projectors.find((p) => p.name === state.name);
    if (!projector) return [];
    const { parked } = state;
    return [
      {
        name: state.name,
        checkpoint: state.checkpoint,
        eventTypes: projector.eventTypes,
        parked: parked ? { position: parked.checkpoint.position, error: parked.error } : null,
      },
    ];
  });
}
