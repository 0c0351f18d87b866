import type { Kysely } from 'kysely';
import type pg from 'pg';
import {
  makeCheckStateCommands,
  makeMaintenanceCommands,
  makeServerCommands,
  makeServerGroupCommands,
} from '../../application/monitoring/index.ts';
import type { SettingsView } from '../../application/settings/index.ts';
import { type Checkpoint, type EventStore, randomIds } from '../../application/ports/index.ts';
import { CHECK_INTERVAL_BOUNDS } from '../../domain/monitoring/index.ts';
import { createPostgresCheckResults } from '../../infrastructure/monitoring/results/index.ts';
import { type ProjectionStore, monitoringProjector, waitForProjection } from '../../projections/index.ts';
import type { ActorNamesDatabase } from '../../projections/audit/index.ts';
import { type MonitoringDatabase, monitoringQueries } from '../../projections/monitoring/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { openMonitoringImportRoutes } from './monitoring-import-runtime.ts';
import {
  groupsRoutes,
  incidentsRoutes,
  maintenanceRoutes,
  resultsRoutes,
  serversRoutes,
  statesRoutes,
} from '../http/monitoring/index.ts';

/** How long a write waits for the monitoring read model before it answers what the model shows then. */
const MONITORING_READ_YOUR_WRITES_MS = 5_000;
const INTERVAL_SETTING = 'monitoring.checkIntervalSeconds';
const RETENTION_SETTING = 'monitoring.resultRetentionDays';

export interface MonitoringRuntimeDeps {
  readonly db: Kysely<MonitoringDatabase & ActorNamesDatabase>;
  readonly eventStore: EventStore;
  /** The results store's (raw check results, read for uptime and latency). */
  readonly pool: pg.Pool;
  readonly projectionStore: ProjectionStore;
  /** The live settings (the default check interval). */
  readonly settings: SettingsView;
  /** The nodes' shared secret a retried create's push token is derived from (the JWT secret). */
  readonly pushTokenSecret?: string | undefined;
}

/** The interval a check that names none gets: the live setting, within its bounds. */
export function defaultInterval(settings: SettingsView): () => number {
  return () => {
    const value = Number(settings.current()[INTERVAL_SETTING]);
    const { min, max } = CHECK_INTERVAL_BOUNDS;
    return Number.isInteger(value) && value >= min && value <= max ? value : 60;
  };
}

/** The monitoring feature's commands, as the API (and later the bot and the scheduler) run them. */
export function makeMonitoringCommands(deps: {
  readonly eventStore: EventStore;
  readonly db: Kysely<MonitoringDatabase & ActorNamesDatabase>;
  readonly pushTokenSecret?: string | undefined;
}) {
  const store = deps.eventStore;
  const queries = monitoringQueries(deps.db);
  const checkStates = makeCheckStateCommands({ store });
  return {
    queries,
    checkStates,
    groups: makeServerGroupCommands({ store, ids: randomIds, members: queries }),
    servers: makeServerCommands({
      store,
      ids: randomIds,
      checkStates,
      pushTokenSecret: deps.pushTokenSecret,
      members: queries,
    }),
    maintenance: makeMaintenanceCommands({ store, ids: randomIds }),
  };
}

/** `/api/v1/monitoring/...`: groups, servers and their checks, states, incidents, maintenance windows. */
export function openMonitoringRoutes(deps: MonitoringRuntimeDeps): ApiFeature[] {
  const { queries, checkStates, groups, servers, maintenance } = makeMonitoringCommands(deps);
  const waitForMonitoring = (checkpoint: Checkpoint) =>
    waitForProjection(
      deps.projectionStore,
      monitoringProjector.name,
      checkpoint,
      MONITORING_READ_YOUR_WRITES_MS,
    );
  return [
    groupsRoutes({ groups, queries, waitForMonitoring }),
    serversRoutes({
      servers,
      queries,
      waitForMonitoring,
      defaultIntervalSeconds: defaultInterval(deps.settings),
    }),
    statesRoutes({ queries }),
    incidentsRoutes({ checkStates, queries, waitForMonitoring }),
    maintenanceRoutes({ maintenance, queries, waitForMonitoring }),
    openMonitoringImportRoutes({ ...deps, servers, groups }),
    resultsRoutes({
      queries,
      results: createPostgresCheckResults(deps.pool, {
        retentionDays: () => Number(deps.settings.current()[RETENTION_SETTING] ?? 30),
      }),
    }),
  ];
}
