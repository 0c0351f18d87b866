import type { Kysely } from 'kysely';
import type pg from 'pg';
import { type PersonalDataKeys, withPersonalDataInAudit } from '../../application/personal-data/index.ts';
import type { EventStore } from '../../application/ports/index.ts';
import { createPostgresAuditEventLog } from '../../infrastructure/audit/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import { type AuditQueriesDatabase, auditLogQueries } from '../../projections/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { auditRoutes } from '../http/audit/index.ts';

export interface AuditRuntimeDeps {
  readonly pool: pg.Pool;
  readonly db: Kysely<Database>;
  readonly eventStore: EventStore;
  /** To read personal data in the log's events (null once the person is forgotten). */
  readonly personalDataKeys: PersonalDataKeys;
}

/** The audit API's router, on the audit read model, the event store and the audit event log. */
export function openAuditRoutes(deps: AuditRuntimeDeps): ApiFeature {
  return auditRoutes({
    queries: auditLogQueries(deps.db.withTables<AuditQueriesDatabase>()),
    eventStore: deps.eventStore,
    eventLog: withPersonalDataInAudit(createPostgresAuditEventLog({ pool: deps.pool }), {
      keys: deps.personalDataKeys,
    }),
  });
}
