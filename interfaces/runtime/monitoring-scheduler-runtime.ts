import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { makeCheckStateCommands } from '../../application/monitoring/index.ts';
import {
  type CheckScheduler,
  createCheckScheduler,
  eventLogCheckCatalog,
  maintenanceOfCheck,
  makePushReceiver,
} from '../../application/monitoring/scheduler/index.ts';
import type { EventStore, LeaseManager } from '../../application/ports/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createMonitoringMetrics } from '../../infrastructure/metrics/index.ts';
import {
  countLiveNodes,
  liveNodeHoldings,
  createPartitionHolder,
  partitionEpochs,
} from '../../infrastructure/monitoring/partitions/index.ts';
import { createProbe, withConcurrencyLimit } from '../../infrastructure/monitoring/probes/index.ts';
import {
  createPostgresCheckResults,
  startCheckResultsUpkeep,
} from '../../infrastructure/monitoring/results/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import { monitoringReminders } from '../../projections/index.ts';
import { type RateLimiterOptions, createRateLimiter } from '../../infrastructure/rate-limits/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { pushRoutes } from '../http/monitoring/push-route.ts';
import { probeConcurrencyOf, probeLimitsOf } from './monitoring-probe-settings.ts';

const DEFAULT_RETENTION_DAYS = 30;
/** A job pushes once an interval (10 s at the least); more than this is a loop gone wrong. */
const PUSHES_PER_TOKEN_PER_MINUTE = 60;

export interface MonitoringSchedulerDeps {
  readonly config: Pick<Config, 'nodeId' | 'roles' | 'redis'>;
  readonly database: DatabaseHandle;
  readonly eventStore: EventStore;
  readonly leases: LeaseManager;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  readonly metrics: Registry;
  readonly logger: Logger;
  /** Tests shorten it; a dead node's partitions move within about this long. */
  readonly leaseTtlMs?: number;
  readonly refreshMs?: number;
  readonly maintenanceTickMs?: number;
}

export interface RunningMonitoringScheduler {
  readonly scheduler: CheckScheduler;
  stop(): Promise<void>;
}

const retentionOf = (settings: MonitoringSchedulerDeps['settings']) => () => {
  const days = settings.current()['monitoring.resultRetentionDays'];
  return typeof days === 'number' ? days : DEFAULT_RETENTION_DAYS;
};

/**
 * The check scheduler of a node with the workers role: its fair share of the 64 partitions (all of them on a
 * single node, whose leases are in process), the probes bounded per node, the results store and its upkeep.
 * `null` on a node without the role.
 */
export function startMonitoringScheduler(deps: MonitoringSchedulerDeps): RunningMonitoringScheduler | null {
  const { config, database, logger: parent } = deps;
  if (!config.roles.includes('workers')) return null;
  const logger = parent.child({ component: 'monitoring-scheduler' });
  const retentionDays = retentionOf(deps.settings);
  const results = createPostgresCheckResults(database.pool, { retentionDays });
  const upkeep = startCheckResultsUpkeep({ upkeep: results, leases: deps.leases, retentionDays, logger });
  // "Still down" reminders of open, untaken incidents, on one node at a time (the sender sends them).
  const reminders = monitoringReminders({ pool: database.pool, leases: deps.leases, logger }).start();
  const singleNode = !config.redis.url;
  const partitions = createPartitionHolder({
    nodeId: config.nodeId,
    pool: database.pool,
    leases: deps.leases,
    // In-process leases cannot be shared: this node is the only scheduler, whatever `cluster.nodes` says.
    liveNodes: singleNode
      ? () => Promise.resolve(1)
      : () => countLiveNodes(database.pool, { role: 'workers' }),
    // So that a node joining 8 holders of 8 (or 33+ nodes) gets work (review-1 F15).
    ...(singleNode ? {} : { liveHoldings: () => liveNodeHoldings(database.pool, { role: 'workers' }) }),
    ...(deps.leaseTtlMs === undefined ? {} : { leaseTtlMs: deps.leaseTtlMs }),
    logger,
  });
  const probeConcurrency = probeConcurrencyOf(deps.settings);
  const scheduler = createCheckScheduler({
    catalog: eventLogCheckCatalog(deps.eventStore),
    probe: withConcurrencyLimit(createProbe({ logger }), probeConcurrency),
    probeLimits: probeLimitsOf(deps.settings),
    results,
    checkStates: makeCheckStateCommands({ store: deps.eventStore }),
    maintenanceOf: maintenanceOfCheck(deps.eventStore),
    metrics: createMonitoringMetrics(deps.metrics),
    logger,
    ...(deps.refreshMs === undefined ? {} : { refreshMs: deps.refreshMs }),
    ...(deps.maintenanceTickMs === undefined ? {} : { maintenanceTickMs: deps.maintenanceTickMs }),
  });
  const unsubscribe = partitions.onChange((change) => scheduler.apply(change));
  partitions.start();
  logger.info({ singleNode, maxInFlight: probeConcurrency() }, 'monitoring scheduler started');
  return {
    scheduler,
    async stop() {
      // Partitions released first (their checks stop on the change), so another node takes them at once.
      await partitions.stop();
      unsubscribe();
      await scheduler.stop();
      await upkeep.stop();
      await reminders.stop();
    },
  };
}

/** The push checks' route, on every node that serves the API (no scheduler needed there). */
export function openMonitoringPushRoutes(deps: {
  readonly database: DatabaseHandle;
  readonly eventStore: EventStore;
  readonly settings: MonitoringSchedulerDeps['settings'];
  /** Where the push budget counts: Redis (shared by the nodes) or, without it, this process. */
  readonly rateLimits: NonNullable<RateLimiterOptions['redis']> | null;
}): ApiFeature {
  const results = createPostgresCheckResults(deps.database.pool, {
    retentionDays: retentionOf(deps.settings),
  });
  const receiver = makePushReceiver({
    catalog: eventLogCheckCatalog(deps.eventStore),
    results,
    currentEpoch: async (partition) =>
      (await partitionEpochs(deps.database.pool, [partition])).get(partition) ?? null,
    checkStates: makeCheckStateCommands({ store: deps.eventStore }),
    maintenanceOf: maintenanceOfCheck(deps.eventStore),
  });
  const perToken = createRateLimiter({
    name: 'monitoring-push',
    points: PUSHES_PER_TOKEN_PER_MINUTE,
    durationSeconds: 60,
    redis: deps.rateLimits,
  });
  return pushRoutes({ receiver, perToken });
}
