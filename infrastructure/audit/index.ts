export * from './postgres-audit-event-log.ts';
export * from './postgres-audit-log-queries.ts';
