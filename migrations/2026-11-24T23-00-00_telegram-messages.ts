import { type Kysely, sql } from 'kysely';

/**
 * The bot's message log, in and out, kept for `telegram.messageRetentionDays`. Not event-sourced: one event per
 * message would be high-rate personal data in a log that keeps everything forever. An incoming update's id is
 * unique, so a webhook retry or a redelivery after a poller takeover is handled once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table telegram.messages (
      id bigint generated always as identity primary key,
      direction text not null check (direction in ('in', 'out')),
      chat_id bigint not null,
      message_id bigint,
      thread_id bigint,
      telegram_user_id bigint,
      update_id bigint,
      kind text not null,
      text text,
      at timestamptz not null
    )`.execute(db);
  await sql`create unique index messages_update_id on telegram.messages (update_id) where direction = 'in'`.execute(
    db,
  );
  await sql`create index messages_at on telegram.messages (at)`.execute(db);
  await sql`create index messages_chat_message on telegram.messages (chat_id, message_id) where direction = 'in'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists telegram.messages`.execute(db);
}
