import { type Kysely, sql } from 'kysely';

/**
 * The outbox sends within Telegram's limits across nodes, and coalesces a card's pending edits (#16):
 * - `superseded`: a pending edit that a newer pending edit of the same message (same chat, same kind) makes
 *   moot; the newer one is sent instead, so a chat never shows an older state after a newer one and a
 *   backlog of a busy card costs one call, not one per change;
 * - the index the claim reads a chat's recent sends by (its spacing and, for a group, its 20 a minute).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox drop constraint if exists outbox_status_check`.execute(db);
  await sql`
    alter table notifications.outbox add constraint outbox_status_check
      check (status in ('pending', 'sent', 'undeliverable', 'superseded'))`.execute(db);
  await sql`
    create index if not exists outbox_sent_recent on notifications.outbox (chat_id, done_at)
      where status = 'sent'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists notifications.outbox_sent_recent`.execute(db);
  // A superseded row made no call: as far as an older version is concerned, it was seen to.
  await sql`update notifications.outbox set status = 'sent' where status = 'superseded'`.execute(db);
  await sql`alter table notifications.outbox drop constraint if exists outbox_status_check`.execute(db);
  await sql`
    alter table notifications.outbox add constraint outbox_status_check
      check (status in ('pending', 'sent', 'undeliverable'))`.execute(db);
}
