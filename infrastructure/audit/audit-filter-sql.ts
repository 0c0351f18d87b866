import type { AuditFilter } from '../../application/audit/index.ts';

/**
 * The `and ...` conditions of `filter` on `es.events`, pushing their values onto `params`. The same rules as
 * `matchesAuditFilter`: actor id (and kind), exact stream or prefix, any of the types, `occurredAt` in
 * [since, until), correlation id, from a checkpoint (in log order).
 */
export function auditFilterSql(filter: AuditFilter, params: unknown[]): string {
  const conditions: string[] = [];
  const param = (value: unknown, type: string): string => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  if (filter.actor) {
    conditions.push(`metadata->'actor'->>'id' = ${param(filter.actor.id, 'text')}`);
    if (filter.actor.kind)
      conditions.push(`metadata->'actor'->>'kind' = ${param(filter.actor.kind, 'text')}`);
  }
  if (filter.streamId !== undefined) conditions.push(`stream_id = ${param(filter.streamId, 'text')}`);
  if (filter.streamPrefix !== undefined)
    conditions.push(`starts_with(stream_id, ${param(filter.streamPrefix, 'text')})`);
  if (filter.eventTypes && filter.eventTypes.length > 0)
    conditions.push(`type = any(${param(filter.eventTypes, 'text[]')})`);
  if (filter.since)
    conditions.push(
      `(metadata->>'occurredAt')::timestamptz >= ${param(filter.since.toISOString(), 'timestamptz')}`,
    );
  if (filter.until)
    conditions.push(
      `(metadata->>'occurredAt')::timestamptz < ${param(filter.until.toISOString(), 'timestamptz')}`,
    );
  if (filter.correlationId !== undefined)
    conditions.push(`metadata->>'correlationId' = ${param(filter.correlationId, 'text')}`);
  if (filter.from !== undefined)
    conditions.push(
      `(transaction_id, position) >= (${param(String(filter.from.transactionId), 'xid8')}, ${param(String(filter.from.position), 'bigint')})`,
    );
  return conditions.map((condition) => ` and ${condition}`).join('');
}
