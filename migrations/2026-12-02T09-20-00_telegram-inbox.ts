import { type Kysely, sql } from 'kysely';

/**
 * The durable inbox of Telegram updates: every update is stored here before its offset is confirmed (polling)
 * or the webhook answers 200, then handled from here, in order per chat, until done or failed. `raw` is the
 * update's JSON as text, not `jsonb`: `jsonb` refuses `\u0000`, which a button's data may hold. `inbox_calls`
 * journals the Bot API calls a handling made, so a retried update does not send again what was sent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table telegram.inbox (
      bot_id bigint not null,
      update_id bigint not null,
      chat_key text not null,
      raw text not null,
      status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
      attempts integer not null default 0,
      last_error text,
      received_at timestamptz not null default now(),
      next_attempt_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (bot_id, update_id)
    )`.execute(db);
  await sql`create index inbox_pending on telegram.inbox (bot_id, chat_key, update_id) where status = 'pending'`.execute(
    db,
  );
  await sql`create index inbox_finished on telegram.inbox (finished_at) where status <> 'pending'`.execute(
    db,
  );
  await sql`
    create table telegram.inbox_calls (
      bot_id bigint not null,
      update_id bigint not null,
      seq integer not null,
      method text not null,
      result text not null,
      sent_at timestamptz not null default now(),
      primary key (bot_id, update_id, seq),
      foreign key (bot_id, update_id) references telegram.inbox (bot_id, update_id) on delete cascade
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists telegram.inbox_calls`.execute(db);
  await sql`drop table if exists telegram.inbox`.execute(db);
}
