import type { Insertable } from 'kysely';
import type { RecordedEvent } from '../../application/ports/index.ts';
import type { ProjectionTransaction, Projector } from '../../application/ports/projector.ts';
import { isPersonActor, summarize } from './event-summary.ts';
import { storableText } from '../../domain/shared/index.ts';
import {
  AUDIT_LOG,
  AUDIT_LOG_COLUMNS,
  AUDIT_LOG_COLUMN_NAMES,
  type AuditLogTable,
  createAuditIndexes,
  createAuditTables,
} from './audit-tables.ts';

/** What each column holds, read from the event: one record per table column, so none is left out. */
const values: {
  readonly [C in keyof AuditLogTable]: (event: RecordedEvent) => Insertable<AuditLogTable>[C];
} = {
  position: (e) => String(e.position),
  transaction_id: (e) => String(e.checkpoint.transactionId),
  stream_id: (e) => e.streamId,
  event_id: (e) => e.eventId,
  event_type: (e) => e.type,
  schema_version: (e) => e.schemaVersion,
  revision: (e) => e.revision,
  occurred_at: (e) => e.metadata.occurredAt,
  recorded_at: (e) => e.recordedAt.toISOString(),
  actor_kind: (e) => e.metadata.actor.kind,
  actor_id: (e) => e.metadata.actor.id,
  // A person's name is not kept here (it would outlive their forgetting): the audit queries resolve it from
  // the users' read models while they are known. Nodes, jobs and terminal accounts keep theirs.
  actor_name: (e) => (isPersonActor(e.metadata.actor) ? null : storableText(e.metadata.actor.name)),
  correlation_id: (e) => e.metadata.correlationId,
  causation_id: (e) => e.metadata.causationId,
  source: (e) => e.metadata.source,
  // A reason or a name already in the log with a NUL must not park the audit log (see `storableText`).
  reason: (e) => (e.metadata.reason === undefined ? null : storableText(e.metadata.reason)),
  summary: (e) => storableText(summarize(e)),
};

const columnList = AUDIT_LOG_COLUMN_NAMES.join(', ');
const unnestArgs = AUDIT_LOG_COLUMN_NAMES.map(
  (name, i) => `$${i + 1}::${AUDIT_LOG_COLUMNS[name].type}[]`,
).join(', ');

/** `core.audit_log`: one row per event of the whole log, with who, when, why and a one-line summary. */
export const auditProjector: Projector = {
  name: 'audit',
  // 2: no person's name in `actor_name` or the summaries.
  version: 2,
  schema: 'core',
  tables: [AUDIT_LOG],
  eventTypes: [],

  createTables: createAuditTables,
  createIndexes: createAuditIndexes,

  async apply(events, trx, tables) {
    if (events.length === 0) return;
    // One array per column: a fixed number of parameters and one round trip whatever the batch size. No
    // `on conflict`: the runner applies each event exactly once, so a repeated position is a bug to fail on.
    await trx.query(
      `insert into ${tables.table(AUDIT_LOG)} (${columnList}) select * from unnest(${unnestArgs})`,
      AUDIT_LOG_COLUMN_NAMES.map((name) => events.map((event) => values[name](event))),
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
