import { type Kysely, sql } from 'kysely';

/**
 * `telegram.conversations.chat_id`: the chat whose next message answers the step. Until now every step was
 * in the user's private chat (whose id is the user's); a ticket note may be asked in a group, and it moves
 * into this table (one step per user: a password can never become a note). Rows kept so far are private ones.
 * `ended`: the step is over. It was `secret_update_id is not null`; now that column names the update that
 * last answered a secret step, and outlives the steps begun after it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table telegram.conversations add column chat_id bigint`.execute(db);
  await sql`update telegram.conversations set chat_id = telegram_user_id`.execute(db);
  await sql`alter table telegram.conversations alter column chat_id set not null`.execute(db);
  await sql`alter table telegram.conversations add column ended boolean not null default false`.execute(db);
  await sql`update telegram.conversations set ended = secret_update_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from telegram.conversations where ended and secret_update_id is null`.execute(db);
  await sql`update telegram.conversations set secret_update_id = null where not ended`.execute(db);
  await sql`alter table telegram.conversations drop column if exists ended`.execute(db);
  await sql`alter table telegram.conversations drop column if exists chat_id`.execute(db);
}
