import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type {
  AuditLogEntry,
  AuditLogPage,
  AuditLogQueries,
  AuditLogQuery,
} from '../../application/audit/index.ts';
import { type ActorNamesDatabase, resolveActorNames } from './audit-actor-names.ts';
import type { AuditDatabase, AuditLogTable } from './audit-tables.ts';

/** What the audit queries read: the audit log, and the users' read models for the actors' names. */
export type AuditQueriesDatabase = AuditDatabase & ActorNamesDatabase;

const COLUMNS = [
  'position',
  'occurred_at',
  'recorded_at',
  'stream_id',
  'event_type',
  'actor_kind',
  'actor_id',
  'actor_name',
  'correlation_id',
  'causation_id',
  'source',
  'reason',
  'summary',
] as const;

type AuditRow = Pick<Selectable<AuditLogTable>, (typeof COLUMNS)[number]>;

const entry = (row: AuditRow): AuditLogEntry => ({
  position: BigInt(row.position),
  occurredAt: row.occurred_at.toISOString(),
  recordedAt: row.recorded_at.toISOString(),
  stream: row.stream_id,
  type: row.event_type,
  actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
  correlationId: row.correlation_id,
  causationId: row.causation_id,
  source: row.source,
  reason: row.reason,
  summary: row.summary,
});

/**
 * {@link AuditLogQueries} on `core.audit_log` (the `audit` projection): every filter is a parameter, pages are
 * keyset pages on `position` descending, served by the (column, position) indexes.
 */
export function auditLogQueries(db: Kysely<AuditQueriesDatabase>): AuditLogQueries {
  return {
    async list(query: AuditLogQuery): Promise<AuditLogPage> {
      const { filter } = query;
      let select = db.selectFrom('core.audit_log').select(COLUMNS);
      if (filter.actor) {
        select = select.where('actor_id', '=', filter.actor.id);
        if (filter.actor.kind) select = select.where('actor_kind', '=', filter.actor.kind);
      }
      if (filter.streamId !== undefined) select = select.where('stream_id', '=', filter.streamId);
      if (filter.streamPrefix !== undefined)
        select = select.where(sql<boolean>`starts_with(stream_id, ${filter.streamPrefix}::text)`);
      if (filter.eventTypes && filter.eventTypes.length > 0)
        select = select.where(sql<boolean>`event_type = any(${filter.eventTypes}::text[])`);
      if (filter.since)
        select = select.where(sql<boolean>`occurred_at >= ${filter.since.toISOString()}::timestamptz`);
      if (filter.until)
        select = select.where(sql<boolean>`occurred_at < ${filter.until.toISOString()}::timestamptz`);
      if (filter.correlationId !== undefined)
        select = select.where('correlation_id', '=', filter.correlationId);
      if (query.beforePosition !== undefined)
        select = select.where('position', '<', String(query.beforePosition));
      // One row more than asked: whether a next page exists, without a count.
      const rows = await select
        .orderBy('position', 'desc')
        .limit(query.limit + 1)
        .execute();
      const items = (await resolveActorNames(db, rows.slice(0, query.limit))).map(entry);
      const last = items.at(-1);
      return { items, nextBefore: rows.length > query.limit && last ? last.position : null };
    },
  };
}
