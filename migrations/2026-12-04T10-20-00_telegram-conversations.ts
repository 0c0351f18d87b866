import { type Kysely, sql } from 'kysely';

/**
 * The bot's short conversations (`/otrs_link` asking a login then a password, a ticket note): which step a
 * user's private chat is at, shared by every node (the inbox may hand the next message to another node), and
 * over when `expires_at` passes. `data` is the step's JSON encrypted with the Telegram user's key (a login
 * typed is personal data). `secret_update_id` remembers the update whose text was a secret (a password): a
 * redelivery of it is recognised as one, and its text kept out of the message log again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table telegram.conversations (
      bot_id bigint not null,
      telegram_user_id bigint not null,
      kind text not null,
      step text not null,
      data text not null,
      secret boolean not null,
      secret_update_id bigint,
      expires_at timestamptz not null,
      primary key (bot_id, telegram_user_id)
    )`.execute(db);
  await sql`create index conversations_expiry on telegram.conversations (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists telegram.conversations`.execute(db);
}
