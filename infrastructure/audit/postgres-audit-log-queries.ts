import type pg from 'pg';
import { resolveActorNames } from './audit-actor-names.ts';
import type {
  ActorKind,
  AuditLogEntry,
  AuditLogPage,
  AuditLogQueries,
  AuditLogQuery,
} from '../../application/audit/index.ts';

interface AuditRow {
  position: string;
  occurred_at: Date;
  recorded_at: Date;
  stream_id: string;
  event_type: string;
  actor_kind: ActorKind;
  actor_id: string;
  actor_name: string | null;
  correlation_id: string;
  causation_id: string;
  source: string;
  reason: string | null;
  summary: string;
}

const COLUMNS = `position, occurred_at, recorded_at, stream_id, event_type, actor_kind, actor_id, actor_name,
  correlation_id, causation_id, source, reason, summary`;

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
export function createPostgresAuditLogQueries(pool: pg.Pool): AuditLogQueries {
  return {
    async list(query: AuditLogQuery): Promise<AuditLogPage> {
      const { filter } = query;
      const params: unknown[] = [];
      const param = (value: unknown, type: string): string => {
        params.push(value);
        return `$${params.length}::${type}`;
      };
      const conditions: string[] = [];
      if (filter.actor) {
        conditions.push(`actor_id = ${param(filter.actor.id, 'text')}`);
        if (filter.actor.kind) conditions.push(`actor_kind = ${param(filter.actor.kind, 'text')}`);
      }
      if (filter.streamId !== undefined) conditions.push(`stream_id = ${param(filter.streamId, 'text')}`);
      if (filter.streamPrefix !== undefined)
        conditions.push(`starts_with(stream_id, ${param(filter.streamPrefix, 'text')})`);
      if (filter.eventTypes && filter.eventTypes.length > 0)
        conditions.push(`event_type = any(${param(filter.eventTypes, 'text[]')})`);
      if (filter.since) conditions.push(`occurred_at >= ${param(filter.since.toISOString(), 'timestamptz')}`);
      if (filter.until) conditions.push(`occurred_at < ${param(filter.until.toISOString(), 'timestamptz')}`);
      if (filter.correlationId !== undefined)
        conditions.push(`correlation_id = ${param(filter.correlationId, 'text')}`);
      if (query.beforePosition !== undefined)
        conditions.push(`position < ${param(String(query.beforePosition), 'bigint')}`);
      const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
      // One row more than asked: whether a next page exists, without a count.
      const limit = param(query.limit + 1, 'int');
      const { rows } = await pool.query<AuditRow>(
        `select ${COLUMNS} from core.audit_log ${where} order by position desc limit ${limit}`,
        params,
      );
      const items = (await resolveActorNames(pool, rows.slice(0, query.limit))).map(entry);
      const last = items.at(-1);
      return { items, nextBefore: rows.length > query.limit && last ? last.position : null };
    },
  };
}
