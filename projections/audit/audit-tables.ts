import type { ColumnType } from 'kysely';
import type { Actor } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { quoteIdentifier } from '../../application/ports/projection-tables.ts';

/** Logical name of the audit projector's one table (`core.audit_log` when live). */
export const AUDIT_LOG = 'audit_log';

/** An int8 or xid8: pg reads it as a string (it may exceed a double). */
type Int8 = ColumnType<string, number | string, never>;
/** A timestamp pg reads as a `Date`; written as the event's ISO time. */
type Timestamp = ColumnType<Date, string, never>;

/**
 * `core.audit_log`: one row per event of the whole log, with who, when, why and a one-line summary. Event data
 * is not stored: it may hold encrypted personal data, and the log already keeps it. Rows are written once;
 * a forgetting scrubs `reason` and `summary` (audit-projector.ts).
 */
export interface AuditLogTable {
  position: Int8;
  transaction_id: Int8;
  stream_id: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  revision: Int8;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  actor_kind: Actor['kind'];
  actor_id: string;
  /** `null` for a person (audit-projector.ts): the queries resolve it while the person is known. */
  actor_name: string | null;
  correlation_id: string;
  causation_id: string;
  source: string;
  reason: string | null;
  summary: string;
}

/**
 * The audit read model as Kysely sees it (live table names). A type, not an interface: `withTables<T>()`, how
 * the runtime hands it the node's Kysely, wants an index-signature-compatible map, which interfaces are not.
 */
export type AuditDatabase = {
  'core.audit_log': AuditLogTable;
};

export interface AuditColumnDefinition {
  /** The SQL type, also the element type of the insert's `unnest` arrays. */
  readonly type: string;
  readonly nullable?: true;
}

/** The table's columns in table order, every column of {@link AuditLogTable} exactly once. */
export const AUDIT_LOG_COLUMNS: { readonly [C in keyof AuditLogTable]: AuditColumnDefinition } = {
  position: { type: 'bigint' },
  transaction_id: { type: 'xid8' },
  stream_id: { type: 'text' },
  event_id: { type: 'uuid' },
  event_type: { type: 'text' },
  schema_version: { type: 'integer' },
  revision: { type: 'bigint' },
  occurred_at: { type: 'timestamptz' },
  recorded_at: { type: 'timestamptz' },
  actor_kind: { type: 'text' },
  actor_id: { type: 'text' },
  actor_name: { type: 'text', nullable: true },
  correlation_id: { type: 'text' },
  causation_id: { type: 'text' },
  source: { type: 'text' },
  reason: { type: 'text', nullable: true },
  summary: { type: 'text' },
};

/** Index name suffix → key, one per audit query: by actor, stream, type, time, and a whole correlation. */
const indexes = {
  by_actor: 'actor_id, position',
  by_stream: 'stream_id, position',
  by_type: 'event_type, position',
  by_occurred_at: 'occurred_at, position',
  by_correlation: 'correlation_id',
} as const;

/** Creates the audit table under the given names (idempotent). */
export async function createAuditTables(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void> {
  const definitions = Object.entries(AUDIT_LOG_COLUMNS).map(
    ([name, column]) => `${name} ${column.type}${column.nullable ? '' : ' not null'}`,
  );
  await trx.query(
    `create table if not exists ${tables.table(AUDIT_LOG)} (${definitions.join(', ')}, primary key (position))`,
  );
}

/** Creates the audit table's secondary indexes (idempotent). */
export async function createAuditIndexes(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const table = tables.table(AUDIT_LOG);
  // Index names live in the schema, not the table: derive them from the physical name, or a rebuild's
  // `if not exists` would find the live table's indexes and silently create none.
  for (const [suffix, key] of Object.entries(indexes)) {
    const index = quoteIdentifier(`${tables.rawName(AUDIT_LOG)}_${suffix}`);
    await trx.query(`create index if not exists ${index} on ${table} (${key})`);
  }
}

/** The column names in table order (`Object.keys` answers `string[]`; these are the record's own keys). */
export const AUDIT_LOG_COLUMN_NAMES = Object.keys(AUDIT_LOG_COLUMNS) as readonly (keyof AuditLogTable)[];
