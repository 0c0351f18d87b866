import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { AuditEventLog } from '../../application/audit/index.ts';
import { type PersonalDataKeys, withPersonalDataInAudit } from '../../application/personal-data/index.ts';
import type { EventStore } from '../../application/ports/index.ts';
import { createPostgresAuditEventLog } from '../../infrastructure/audit/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import { type AuditQueriesDatabase, auditLogQueries } from '../../projections/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { auditRoutes } from '../http/audit/index.ts';

export interface AuditEventLogDeps {
  readonly pool: pg.Pool;
  /** To read personal data in the log's events (null once the person is forgotten). */
  readonly personalDataKeys: PersonalDataKeys;
}

/**
 * The event log as an investigator reads it, through the API and `tbot events`: personal data decrypted,
 * and `null` once the person is forgotten.
 */
export function openAuditEventLog(deps: AuditEventLogDeps): AuditEventLog {
  return withPersonalDataInAudit(createPostgresAuditEventLog({ pool: deps.pool }), {
    keys: deps.personalDataKeys,
  });
}

export interface AuditRuntimeDeps extends AuditEventLogDeps {
  readonly db: Kysely<Database>;
  readonly eventStore: EventStore;
}

/** The audit API's router, on the audit read model, the event store and the audit event log. */
export function openAuditRoutes(deps: AuditRuntimeDeps): ApiFeature {
  return auditRoutes({
    queries: auditLogQueries(deps.db.withTables<AuditQueriesDatabase>()),
    eventStore: deps.eventStore,
    eventLog: openAuditEventLog(deps),
  });
}
