export * from './server-sheet.ts';
export * from './server-import-report.ts';
export * from './sheet-grid-reader.ts';
export { parseChecks } from './check-text.ts';
export { parseDuration } from './duration-text.ts';
export { MAX_IMPORT_ROWS, readServerSheet } from './read-server-sheet.ts';
export { planServerImport } from './plan-server-import.ts';
export { loadMonitoringSnapshot, type MonitoringSnapshot } from './monitoring-snapshot.ts';
export * from './server-import.ts';
