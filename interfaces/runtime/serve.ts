import type { Logger } from 'pino';
import { systemClock } from '../../application/ports/index.ts';
import { registerNode } from '../../infrastructure/cluster/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { migrateToLatest } from '../../infrastructure/postgres/index.ts';
import { type EmployeesDatabase, employeeSearch } from '../../projections/employees/index.ts';
import { type OtrsDatabase, otrsQueries } from '../../projections/otrs/index.ts';
import type { ActorNamesDatabase } from '../../projections/audit/index.ts';
import type { MonitoringDatabase } from '../../projections/monitoring/index.ts';
import type { OtrsAgentLinksDatabase } from '../../projections/otrs/agent-links-tables.ts';
import { openAuditRoutes } from './audit-runtime.ts';
import { createInitialAdmin, jwtSecret, openAuthRuntime } from './auth-runtime.ts';
import { openDatabaseRuntime } from './database-runtime.ts';
import { openEmployeesRoutes } from './employees-runtime.ts';
import { openProtectedEventStore, resolveMasterKey } from './event-store-runtime.ts';
import { openHealthRuntime } from './health-runtime.ts';
import { rateLimitStore, startHttpRuntime } from './http-runtime.ts';
import { startIdempotencyRuntime } from './idempotency-runtime.ts';
import { openLeasesRuntime } from './leases-runtime.ts';
import { openMetricsRuntime } from './metrics-runtime.ts';
import { openMonitoringRoutes } from './monitoring-runtime.ts';
import { openOtrsLinksRoutes } from './otrs-links-runtime.ts';
import { otrsCustomerKeys, otrsLoginClaimKeys } from '../../infrastructure/otrs/index.ts';
import { openOtrsReadRoutes } from './otrs-reads-runtime.ts';
import { openMonitoringPushRoutes, startMonitoringScheduler } from './monitoring-scheduler-runtime.ts';
import { startNotificationSender } from './notification-runtime.ts';
import { startOtrsEscalationTimer } from './otrs-escalation-runtime.ts';
import { startOtrsFeed } from './otrs-feed-runtime.ts';
import { openOtrsRuntime } from './otrs-runtime.ts';
import { openOtrsActions, otrsActionReads } from './otrs-actions-runtime.ts';
import { openProjectionsRuntime } from './projections-runtime.ts';
import { startSelfWatch } from './self-watch-runtime.ts';
import { openSettingsRoutes, startSettingsRuntime } from './settings-runtime.ts';
import { openTelegramApiRoutes } from './telegram-api-runtime.ts';
import { openTelegramForgetRoutes } from './telegram-forget-runtime.ts';
import { startTelegramBot } from './telegram-runtime.ts';
import { openWebAdmin } from './web-admin-runtime.ts';
// OTRS routing rules (#16, cards)
import { makeRoutingCommands } from '../../application/otrs/routing-commands.ts';
import { otrsRoutingRoutes } from '../http/otrs/routing-routes.ts';

export interface RunningNode {
  readonly httpPort: number;
  /** Stops in reverse order of start: HTTP, projections, node registration, leases, database. */
  stop(): Promise<void>;
}

/**
 * Starts one TBot node: database (external or embedded), migrations, event store, leases, the projection
 * runner (role `workers`), HTTP. Whatever a setting can refuse is settled before the database is touched
 * (`loadConfig`, then the secrets here): a refused start has done nothing. Each feature is composed in its
 * runtime module; this is only the order they start in (and stop in, reversed).
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
    const { leases, redis } = leasesRuntime;

    const registration = await registerNode(
      database.pool,
      { nodeId: config.nodeId, version, roles: config.roles },
      { onError: (error) => logger.warn({ err: error }, 'node heartbeat failed') },
    );
    stops.push(() => registration.stop());

    const metrics = openMetricsRuntime(database);
    // The node's one way into OTRS (one client: one circuit breaker, one set of metrics), for every OTRS
    // feature: `null` when the feature is off (no OTRS_BASE_URL). `otrs.gateway` is the OtrsGateway,
    // `otrs.serviceSession` the feed's service agent (null without OTRS_SERVICE_USER), `otrs.config` its settings.
    const otrs = openOtrsRuntime(config, metrics, logger.child({ component: 'otrs' }));
    const projections = openProjectionsRuntime({ config, logger, database, eventStore, leases });
    const { projectionStore } = projections;
    const runner = await projections.startRunner(metrics);
    if (runner) stops.push(() => runner.stop());

    const health = openHealthRuntime({ config, version, startedAt, database, redis, projections });
    const rateLimits = rateLimitStore(config, redis);
    const authRuntime = openAuthRuntime({
      pool: database.pool,
      db: database.db,
      eventStore,
      projectionStore,
      jwtSecret: secret,
      redis: rateLimits,
    });
    await createInitialAdmin(authRuntime, config, logger);
    const settingsView = await startSettingsRuntime(eventStore, logger);
    stops.push(() => settingsView.stop());
    // The ticket feed: the OTRS webhook (role api) and the poller (role workers), one log.
    const otrsFeed = otrs
      ? startOtrsFeed({
          config,
          otrs,
          database,
          eventStore,
          personalDataKeys,
          masterKey,
          leases,
          settings: settingsView,
          metrics,
          logger,
        })
      : null;
    if (otrsFeed) stops.push(() => otrsFeed.stop());
    // Escalations come due without OTRS changing the ticket: a timer (role workers) checks the due ones.
    const otrsEscalations = startOtrsEscalationTimer({
      config,
      db: database.db.withTables<OtrsDatabase>(),
      eventStore,
      leases,
      settings: settingsView,
      logger,
    });
    if (otrsEscalations) stops.push(() => otrsEscalations.stop());
    // OTRS actions from Telegram (#16): the card's buttons and /take /note /reassign /close in the bot, and on a
    // workers node the worker that makes them with each agent's session (the otrs-actions reactor queues them).
    const otrsActions = otrs
      ? openOtrsActions({
          gateway: otrs.gateway,
          pool: database.pool,
          eventStore,
          personalDataKeys,
          customerKeys: otrsCustomerKeys(masterKey),
          claimKeys: otrsLoginClaimKeys(masterKey),
          settings: settingsView,
          ...otrsActionReads(otrsQueries(database.db.withTables<OtrsDatabase>())),
          nodeId: config.nodeId,
          logger: logger.child({ component: 'otrs-actions' }),
        })
      : null;
    if (otrsActions && config.roles.includes('workers')) {
      const worker = otrsActions.startWorker();
      stops.push(() => worker.stop());
    }
    const telegram =
      config.roles.includes('bot') && config.telegram.botToken
        ? await startTelegramBot({
            config,
            logger: logger.child({ component: 'telegram' }),
            eventStore,
            leases,
            redis,
            search: employeeSearch(database.db.withTables<EmployeesDatabase>()),
            pool: database.pool,
            db: database.db,
            personalDataKeys,
            settings: settingsView,
            otrs: otrs ? { gateway: otrs.gateway, claimKeys: otrsLoginClaimKeys(masterKey) } : null,
            metrics,
            ...(otrsActions ? { otrsActions: otrsActions.bot } : {}),
          })
        : null;
    if (telegram) stops.push(() => telegram.stop());
    else logger.info('no TELEGRAM_BOT_TOKEN (or no bot role): the Telegram bot is off');
    const idempotency = startIdempotencyRuntime({ config, database, leases, logger });
    stops.push(() => idempotency.stop());
    const notices = startNotificationSender({
      config,
      pool: database.pool,
      actorNamesDb: database.db.withTables<ActorNamesDatabase>(),
      personalDataKeys,
      projectionStore,
      leases,
      botApi: telegram?.bot.api ?? null,
      settings: settingsView,
      metrics,
      logger: logger.child({ component: 'notifications' }),
    });
    if (notices) stops.push(() => notices.stop());
    const monitoringScheduler = startMonitoringScheduler({
      config,
      database,
      eventStore,
      leases,
      settings: settingsView,
      metrics,
      logger,
    });
    if (monitoringScheduler) stops.push(() => monitoringScheduler.stop());
    const selfWatch = startSelfWatch({
      config,
      database,
      eventStore,
      leases,
      projectionStore,
      metrics,
      logger,
    });
    stops.push(() => selfWatch.stop());
    const http = await startHttpRuntime({
      config,
      logger,
      version,
      health,
      metrics,
      rateLimits,
      idempotencyKeys: idempotency.keys,
      jwtSecret: secret,
      currentUsers: authRuntime.currentUsers,
      routers: [
        ...(telegram?.webhookRoutes ? [telegram.webhookRoutes] : []),
        ...(otrsFeed?.routers ?? []),
        // The web admin (#17): `/` and `/admin/**`.
        ...openWebAdmin({
          config,
          logger,
          jwtSecret: secret,
          auth: authRuntime,
          health,
          settings: settingsView,
          rateLimits,
        }),
      ],
      features: [
        ...authRuntime.routes,
        openAuditRoutes({ pool: database.pool, db: database.db, eventStore, personalDataKeys }),
        ...openEmployeesRoutes({
          db: database.db.withTables<EmployeesDatabase>(),
          eventStore,
          projectionStore,
          personalDataKeys,
          masterKey,
          settings: settingsView,
          logger,
        }),
        ...openMonitoringRoutes({
          db: database.db.withTables<MonitoringDatabase & ActorNamesDatabase>(),
          pool: database.pool,
          eventStore,
          projectionStore,
          settings: settingsView,
          pushTokenSecret: secret,
        }),
        openTelegramApiRoutes({
          db: database.db,
          eventStore,
          projectionStore,
          adminIds: config.telegram.adminIds,
        }),
        openTelegramForgetRoutes({ pool: database.pool, eventStore, personalDataKeys, masterKey, logger }),
        openSettingsRoutes(
          eventStore,
          settingsView,
          (key) => key === 'otrs.servicePassword' && config.otrs?.serviceAgent !== undefined,
        ),
        openMonitoringPushRoutes({ database, eventStore, settings: settingsView, rateLimits }),
        // OTRS routing rules (#16, cards)
        otrsRoutingRoutes({ routing: makeRoutingCommands(eventStore) }),
        // OTRS agent links (#16): the admins' list and revocation; no call to OTRS, so also with OTRS off.
        openOtrsLinksRoutes({
          db: database.db.withTables<OtrsAgentLinksDatabase>(),
          eventStore,
          pool: database.pool,
          personalDataKeys,
          projectionStore,
          claimKeys: otrsLoginClaimKeys(masterKey),
        }),
        // OTRS reads (readmodel).
        ...openOtrsReadRoutes({ config, db: database.db }),
      ],
    });
    stops.push(() => http.close());
    logger.info({ url: `http://${config.http.host}:${http.port}`, roles: config.roles }, 'TBot is listening');
    return { httpPort: http.port, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
