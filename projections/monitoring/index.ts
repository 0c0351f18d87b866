export * from './monitoring-projector.ts';
export * from './monitoring-queries.ts';
export type {
  ChecksTable,
  CheckStateName,
  GroupsTable,
  IncidentsTable,
  MaintenanceWindowsTable,
  MonitoringDatabase,
  ServersTable,
} from './monitoring-tables.ts';
export * from './server-counts.ts';
