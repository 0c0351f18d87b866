import type pg from 'pg';
import type { EventStore } from '../../application/ports/index.ts';
import {
  createPostgresAuditEventLog,
  createPostgresAuditLogQueries,
} from '../../infrastructure/audit/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { auditRoutes } from '../http/audit/index.ts';

export interface AuditRuntimeDeps {
  readonly pool: pg.Pool;
  readonly eventStore: EventStore;
}

/** The audit API's router, on the audit read model, the event store and the audit event log. */
export function openAuditRoutes(deps: AuditRuntimeDeps): ApiFeature {
  return auditRoutes({
    queries: createPostgresAuditLogQueries(deps.pool),
    eventStore: deps.eventStore,
    eventLog: createPostgresAuditEventLog({ pool: deps.pool }),
  });
}
