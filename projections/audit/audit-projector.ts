import type { RecordedEvent } from '../../application/ports/index.ts';
import type { ProjectionTransaction, Projector } from '../projector.ts';
import { quoteIdentifier } from '../projection-tables.ts';
import { isPersonActor, summarize } from './event-summary.ts';
import { storableText } from '../../domain/shared/index.ts';

const AUDIT_LOG = 'audit_log';

interface Column {
  readonly name: string;
  readonly type: string;
  readonly nullable?: true;
  readonly value: (event: RecordedEvent) => string | number | null;
}

// One list drives the table and the insert, so the two cannot drift apart. Event data is not stored:
// it may hold encrypted personal data, and the log already keeps it.
const columns: readonly Column[] = [
  { name: 'position', type: 'bigint', value: (e) => String(e.position) },
  { name: 'transaction_id', type: 'xid8', value: (e) => String(e.checkpoint.transactionId) },
  { name: 'stream_id', type: 'text', value: (e) => e.streamId },
  { name: 'event_id', type: 'uuid', value: (e) => e.eventId },
  { name: 'event_type', type: 'text', value: (e) => e.type },
  { name: 'schema_version', type: 'integer', value: (e) => e.schemaVersion },
  { name: 'revision', type: 'bigint', value: (e) => e.revision },
  { name: 'occurred_at', type: 'timestamptz', value: (e) => e.metadata.occurredAt },
  { name: 'recorded_at', type: 'timestamptz', value: (e) => e.recordedAt.toISOString() },
  { name: 'actor_kind', type: 'text', value: (e) => e.metadata.actor.kind },
  { name: 'actor_id', type: 'text', value: (e) => e.metadata.actor.id },
  // A person's name is not kept here (it would outlive their forgetting): the audit queries resolve it from
  // the users' read models while they are known. Nodes, jobs and terminal accounts keep theirs.
  {
    name: 'actor_name',
    type: 'text',
    nullable: true,
    value: (e) => (isPersonActor(e.metadata.actor) ? null : storableText(e.metadata.actor.name)),
  },
  { name: 'correlation_id', type: 'text', value: (e) => e.metadata.correlationId },
  { name: 'causation_id', type: 'text', value: (e) => e.metadata.causationId },
  { name: 'source', type: 'text', value: (e) => e.metadata.source },
  // A reason or a name already in the log with a NUL must not park the audit log (see `storableText`).
  {
    name: 'reason',
    type: 'text',
    nullable: true,
    value: (e) => (e.metadata.reason === undefined ? null : storableText(e.metadata.reason)),
  },
  { name: 'summary', type: 'text', value: (e) => storableText(summarize(e)) },
];

/** Index name suffix → key, one per audit query: by actor, stream, type, time, and a whole correlation. */
const indexes = {
  by_actor: 'actor_id, position',
  by_stream: 'stream_id, position',
  by_type: 'event_type, position',
  by_occurred_at: 'occurred_at, position',
  by_correlation: 'correlation_id',
} as const;

const columnList = columns.map((c) => c.name).join(', ');
const unnestArgs = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');

/** `core.audit_log`: one row per event of the whole log, with who, when, why and a one-line summary. */
export const auditProjector: Projector = {
  name: 'audit',
  // 2: no person's name in `actor_name` or the summaries.
  version: 2,
  schema: 'core',
  tables: [AUDIT_LOG],
  eventTypes: [],

  async createTables(trx, tables) {
    const table = tables.table(AUDIT_LOG);
    const definitions = columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' not null'}`);
    await trx.query(
      `create table if not exists ${table} (${definitions.join(', ')}, primary key (position))`,
    );
  },

  async createIndexes(trx, tables) {
    const table = tables.table(AUDIT_LOG);
    // Index names live in the schema, not the table: derive them from the physical name, or a rebuild's
    // `if not exists` would find the live table's indexes and silently create none.
    for (const [suffix, key] of Object.entries(indexes)) {
      const index = quoteIdentifier(`${tables.rawName(AUDIT_LOG)}_${suffix}`);
      await trx.query(`create index if not exists ${index} on ${table} (${key})`);
    }
  },

  async apply(events, trx, tables) {
    if (events.length === 0) return;
    // One array per column: a fixed number of parameters and one round trip whatever the batch size. No
    // `on conflict`: the runner applies each event exactly once, so a repeated position is a bug to fail on.
    await trx.query(
      `insert into ${tables.table(AUDIT_LOG)} (${columnList}) select * from unnest(${unnestArgs})`,
      columns.map((column) => events.map((event) => column.value(event))),
    );
    for (const event of events) {
      if (FORGETTING_EVENTS.has(event.type)) await scrubStream(trx, tables.table(AUDIT_LOG), event);
    }
  },
};

/** Events after which a stream's rows must hold nothing of the person: their key is gone from the log. */
const FORGETTING_EVENTS: ReadonlySet<string> = new Set([
  'EmployeeForgotten',
  'TelegramUserForgotten',
  'UserForgotten',
]);

/**
 * Scrubs the rows of a forgotten person's stream, up to the forgetting event itself: the reason is free text
 * that may name them, so it goes, and the summary (which carried it) falls back to the generic one. Who did
 * what and when stays: those are facts, not the person's data. A rebuild reaches the same rows, since it
 * replays the forgetting event after the others.
 */
async function scrubStream(
  trx: ProjectionTransaction,
  table: string,
  forgotten: RecordedEvent,
): Promise<void> {
  await trx.query(
    `update ${table}
     set reason = null,
         summary = event_type || ' on ' || stream_id || ' by '
           || coalesce(actor_name, actor_kind || ':' || actor_id) || ' (personal data forgotten)'
     where stream_id = $1 and revision <= $2`,
    [forgotten.streamId, forgotten.revision],
  );
}
