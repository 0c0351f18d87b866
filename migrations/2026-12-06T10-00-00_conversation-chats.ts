import { type Kysely, sql } from 'kysely';

/**
 * `telegram.conversations.chat_id`: the chat whose next message answers the step. Until now every step was
 * in the user's private chat (whose id is the user's); a ticket note may be asked in a group, and it moves
 * into this table (one step per user: a password can never become a note). Rows kept so far are private ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table telegram.conversations add column chat_id bigint`.execute(db);
  await sql`update telegram.conversations set chat_id = telegram_user_id`.execute(db);
  await sql`alter table telegram.conversations alter column chat_id set not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table telegram.conversations drop column if exists chat_id`.execute(db);
}
