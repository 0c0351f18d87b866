import {
  CHECK_STATE_EVENT_TYPES,
  type CheckStateEvent,
  MAINTENANCE_WINDOW_EVENT_TYPES,
  type MaintenanceWindowEvent,
  SERVER_EVENT_TYPES,
  SERVER_GROUP_EVENT_TYPES,
  type ServerEvent,
  type ServerGroupEvent,
} from '../../domain/monitoring/index.ts';
import type { Projector } from '../../application/ports/projector.ts';
import { applyCheckStateEvent } from './check-state-writes.ts';
import { applyGroupEvent } from './group-writes.ts';
import { applyMaintenanceEvent } from './maintenance-writes.ts';
import { type Recorded, asMonitoringEvent } from './monitoring-event.ts';
import {
  CHECKS,
  GROUPS,
  INCIDENTS,
  MAINTENANCE_WINDOWS,
  MONITORING_SCHEMA,
  SERVERS,
  createMonitoringIndexes,
  createMonitoringTables,
} from './monitoring-tables.ts';
import { applyServerEvent } from './server-writes.ts';

const typesOf = (types: readonly string[]) => new Set<string>(types);
const groupTypes = typesOf(SERVER_GROUP_EVENT_TYPES);
const serverTypes = typesOf(SERVER_EVENT_TYPES);
const checkStateTypes = typesOf(CHECK_STATE_EVENT_TYPES);
const isGroupEvent = (e: Recorded): e is Recorded<ServerGroupEvent> => groupTypes.has(e.type);
const isServerEvent = (e: Recorded): e is Recorded<ServerEvent> => serverTypes.has(e.type);
const isCheckStateEvent = (e: Recorded): e is Recorded<CheckStateEvent> => checkStateTypes.has(e.type);
const maintenanceTypes = typesOf(MAINTENANCE_WINDOW_EVENT_TYPES);
const isMaintenanceEvent = (e: Recorded): e is Recorded<MaintenanceWindowEvent> =>
  maintenanceTypes.has(e.type);

/**
 * `monitoring.groups`, `servers`, `checks` (definition, timing and current state), `incidents`,
 * `maintenance_windows`: what the API and the bot read of monitoring. Only changes of state are events, so
 * one statement or two per event is the rate of changes, not of probe results.
 */
export const monitoringProjector: Projector = {
  name: 'monitoring',
  version: 1,
  schema: MONITORING_SCHEMA,
  tables: [GROUPS, SERVERS, CHECKS, INCIDENTS, MAINTENANCE_WINDOWS],
  eventTypes: [
    ...SERVER_GROUP_EVENT_TYPES,
    ...SERVER_EVENT_TYPES,
    ...CHECK_STATE_EVENT_TYPES,
    ...MAINTENANCE_WINDOW_EVENT_TYPES,
  ],
  createTables: createMonitoringTables,
  createIndexes: createMonitoringIndexes,

  async apply(events, trx, tables) {
    for (const event of events.map(asMonitoringEvent)) {
      if (isGroupEvent(event)) await applyGroupEvent(event, trx, tables);
      else if (isServerEvent(event)) await applyServerEvent(event, trx, tables);
      else if (isCheckStateEvent(event)) await applyCheckStateEvent(event, trx, tables);
      else if (isMaintenanceEvent(event)) await applyMaintenanceEvent(event, trx, tables);
      // The servers' name claims are the decider's uniqueness, not something to read.
    }
  },
};
