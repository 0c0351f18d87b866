import { makeServerImport } from '../../application/monitoring/import/index.ts';
import { MAX_IMPORT_ROWS } from '../../application/monitoring/import/index.ts';
import {
  type ServerCommands,
  type ServerGroupCommands,
  makeCheckStateCommands,
  makeServerCommands,
  makeServerGroupCommands,
} from '../../application/monitoring/index.ts';
import type { SettingsView } from '../../application/settings/index.ts';
import { type Checkpoint, type EventStore, randomIds } from '../../application/ports/index.ts';
import { CHECK_INTERVAL_BOUNDS } from '../../domain/monitoring/index.ts';
import { DEFAULT_IMPORT_LIMITS, makeSheetGridReader } from '../../infrastructure/excel/index.ts';
import { type ProjectionStore, monitoringProjector, waitForProjection } from '../../projections/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { importRoutes } from '../http/monitoring/index.ts';

const INTERVAL_SETTING = 'monitoring.checkIntervalSeconds';
/** Rows read past the servers an import takes: a title and a header above them, blank lines among them. */
const ROW_MARGIN = 100;

export interface MonitoringImportDeps {
  readonly eventStore: EventStore;
  readonly settings: SettingsView;
  readonly servers: ServerCommands;
  readonly groups: ServerGroupCommands;
}

/** The limits of a servers sheet: the employees' file size, a few thousand rows. */
export const MONITORING_IMPORT_LIMITS = {
  ...DEFAULT_IMPORT_LIMITS,
  maxRows: MAX_IMPORT_ROWS + ROW_MARGIN,
} as const;

/**
 * The groups' and servers' commands on the event store alone, for `tbot monitoring import`, which has no
 * monitoring read model to count a group's servers with (its tables are the projector's, made by a node):
 * the import's plan counts them from the log, and an import removes no group.
 */
export function importCommandsOn(store: EventStore): Pick<MonitoringImportDeps, 'servers' | 'groups'> {
  const members = {
    countServers: () => Promise.reject(new Error('an import counts no group members: it removes no group')),
  };
  return {
    servers: makeServerCommands({ store, ids: randomIds, checkStates: makeCheckStateCommands({ store }) }),
    groups: makeServerGroupCommands({ store, ids: randomIds, members }),
  };
}

/** The import of a servers sheet, as the API and `tbot monitoring import` run it. */
export function makeMonitoringImport(deps: MonitoringImportDeps) {
  return makeServerImport({
    store: deps.eventStore,
    reader: makeSheetGridReader(MONITORING_IMPORT_LIMITS),
    servers: deps.servers,
    groups: deps.groups,
    defaultIntervalSeconds: () => {
      const value = Number(deps.settings.current()[INTERVAL_SETTING]);
      const { min, max } = CHECK_INTERVAL_BOUNDS;
      return Number.isInteger(value) && value >= min && value <= max ? value : 60;
    },
  });
}

/** An import of a few thousand servers takes a while to project: its answer waits longer, then answers anyway. */
const IMPORT_READ_YOUR_WRITES_MS = 60_000;

/** `POST /api/v1/monitoring/import`. */
export function openMonitoringImportRoutes(
  deps: MonitoringImportDeps & { readonly projectionStore: ProjectionStore },
): ApiFeature {
  return importRoutes({
    imports: makeMonitoringImport(deps),
    uploadLimitBytes: MONITORING_IMPORT_LIMITS.maxFileBytes,
    waitForMonitoring: (checkpoint: Checkpoint) =>
      waitForProjection(
        deps.projectionStore,
        monitoringProjector.name,
        checkpoint,
        IMPORT_READ_YOUR_WRITES_MS,
      ),
  });
}
