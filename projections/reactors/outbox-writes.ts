import type { OutboxMessage } from '../../application/notifications/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { REBUILD_SUFFIX } from '../../application/ports/projection-tables.ts';
import { type Checkpoint, compareCheckpoints } from '../../application/ports/checkpoint.ts';

/** An outbox message and when the event that caused it was recorded. */
export interface ReactorMessage extends OutboxMessage {
  readonly recordedAt: Date;
  /** The dedupe key of a row (same chat) whose message this one answers, once that one was sent. */
  readonly repliesTo?: string | null;
}

/**
 * Writes a reactor's messages into the outbox, in the caller's transaction (the one of its checkpoint), one
 * statement for the batch, their ids in the batch's order (a chat's rows are sent in id order, and an edit must
 * come after the message it edits, or each would wait for the other). A dedupe key already there writes nothing: a replay or a retried batch sends nobody
 * twice. Messages of events recorded before the reactor's start line are left out: they were either told
 * before this reactor existed, or are replayed by a reset, and are news to nobody.
 */
export async function writeOutbox(
  trx: ProjectionTransaction,
  messages: readonly ReactorMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await trx.query(
    `insert into notifications.outbox
       (dedupe_key, reactor, kind, chat_id, thread_id, params, edits, silent, replies_to)
     select m.dedupe_key, m.reactor, m.kind, m.chat_id, m.thread_id, m.params, m.edits, m.silent, m.replies_to
     from rows from (jsonb_to_recordset($1::jsonb) as (
       dedupe_key text, reactor text, kind text, chat_id bigint, thread_id bigint, params jsonb, edits text,
       recorded_at timestamptz, silent boolean, replies_to text)) with ordinality as m(
       dedupe_key, reactor, kind, chat_id, thread_id, params, edits, recorded_at, silent, replies_to, n)
     join notifications.reactor_starts s on s.reactor = m.reactor and m.recorded_at >= s.since
     order by m.n
     on conflict (dedupe_key) do nothing`,
    [
      JSON.stringify(
        messages.map((m) => ({
          dedupe_key: m.dedupeKey,
          reactor: m.reactor,
          kind: m.kind,
          chat_id: m.chatId,
          thread_id: m.threadId,
          params: m.params,
          edits: m.edits ?? null,
          silent: m.silent ?? false,
          replies_to: m.repliesTo ?? null,
          recorded_at: m.recordedAt.toISOString(),
        })),
      ),
    ],
  );
}

/**
 * Sets the reactor's start line, for its `createTables`: at its first registration and at a reset (both start
 * from now: a reset replays the log, and old decisions are no news), but not for a rebuild beside the live
 * tables, which replays under the live start line and tells only what the live one has not applied yet
 * (`rebuildStartLine`, for the reactors that ask it; the dedupe keys keep the others from telling anyone twice).
 */
export async function markReactorStart(
  trx: ProjectionTransaction,
  reactor: string,
  tables: ProjectionTables,
  anyTable: string,
): Promise<void> {
  if (tables.rawName(anyTable).endsWith(REBUILD_SUFFIX)) {
    await trx.query(
      `insert into notifications.reactor_starts (reactor, since) values ($1, now()) on conflict do nothing`,
      [reactor],
    );
    return;
  }
  await trx.query(
    `insert into notifications.reactor_starts (reactor, since) values ($1, now())
     on conflict (reactor) do update set since = excluded.since`,
    [reactor],
  );
}

/**
 * The checkpoint after which the reactor tells what it decides: none for the live tables (their start line is
 * by time, in `writeOutbox`); for a rebuild's, where the live reactor stands now (its checkpoint row, which
 * commits with its outbox rows). What the live one has applied it has told already, or chose not to, and its
 * rows may be pruned since: a rebuild replays it silently, or it would repeat old news, or an older state of a
 * card after a newer one (review S3). What the live one has not applied yet the rebuild tells, with the keys
 * the live one would use (the reactor's own events), so whichever writes a row first writes it once. In the
 * switch the live tables are locked: the line read there is final, and nothing is told twice or missed.
 */
export async function rebuildStartLine(
  trx: ProjectionTransaction,
  reactor: string,
  tables: ProjectionTables,
  anyTable: string,
): Promise<Checkpoint | null> {
  if (!tables.rawName(anyTable).endsWith(REBUILD_SUFFIX)) return null;
  const { rows } = await trx.query<{ transaction_id: string; position: string }>(
    `select transaction_id::text as transaction_id, position::text as position
     from projections.checkpoints where name = $1`,
    [reactor],
  );
  const row = rows[0];
  // Not registered (a rebuild always registers first): nothing applied, nothing told yet.
  if (!row) return { transactionId: 0n, position: 0n };
  return { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) };
}

/** Whether an event is news to a reactor whose rebuild tells only after `line` (`null`: the live one). */
export const isNewsAfter = (line: Checkpoint | null, event: { checkpoint: Checkpoint }): boolean =>
  line === null || compareCheckpoints(event.checkpoint, line) > 0;
