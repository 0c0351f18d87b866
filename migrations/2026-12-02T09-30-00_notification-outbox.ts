import { type Kysely, sql } from 'kysely';

/**
 * The notification outbox (DESIGN.md, "Projections": reactors). A reactor writes one row per (event, recipient)
 * in the transaction of its checkpoint, `dedupe_key` unique, so a replay writes nothing twice; a sender claims
 * pending rows (`claimed_until`: one send per row at a time across the cluster), sends, marks them sent. Not a
 * read model: a rebuild of a reactor must not drop what is still to be sent, so the table is the migration's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists notifications`.execute(db);
  await sql`
    create table notifications.outbox (
      id bigint generated always as identity primary key,
      dedupe_key text not null unique,
      reactor text not null,
      kind text not null,
      chat_id bigint not null,
      thread_id bigint,
      params jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'undeliverable')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      claimed_by text,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      done_at timestamptz
    )`.execute(db);
  // Where each reactor starts: events recorded before it are never told (an upgrade, a reset replay old ones).
  await sql`
    create table notifications.reactor_starts (
      reactor text primary key,
      since timestamptz not null
    )`.execute(db);
  // The sender's scan: the oldest pending row of each chat.
  await sql`create index outbox_pending on notifications.outbox (chat_id, id) where status = 'pending'`.execute(
    db,
  );
  // Pruning: rows done longest ago first.
  await sql`create index outbox_done on notifications.outbox (done_at) where status <> 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists notifications.reactor_starts`.execute(db);
  await sql`drop table if exists notifications.outbox`.execute(db);
  await sql`drop schema if exists notifications restrict`.execute(db);
}
