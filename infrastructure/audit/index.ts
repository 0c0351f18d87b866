export * from './postgres-audit-event-log.ts';
