export * from './audit-projector.ts';
export * from './event-summary.ts';
export {
  type AuditDatabase,
  type AuditLogTable,
  createAuditIndexes,
  createAuditTables,
} from './audit-tables.ts';
export * from './audit-log-queries.ts';
export { type ActorNamesDatabase, resolveActorNames } from './audit-actor-names.ts';
