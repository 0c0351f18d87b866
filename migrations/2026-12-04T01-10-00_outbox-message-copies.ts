import { type Kysely, sql } from 'kysely';

/**
 * Copies of a sent message (#15, review G19): a send that timed out after Telegram delivered it is sent again
 * (at least once), and the first copy stays in the chat. Once someone presses its button, the copy is known
 * (chat, message id, the dedupe key of the row that sent the message) and every later edit of that message
 * edits the copy too, so it does not keep showing a DOWN with a live button.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table notifications.outbox_copies (
    chat_id bigint not null, message_id bigint not null, copy_of text not null,
    noted_at timestamptz not null default now(), primary key (chat_id, message_id))`.execute(db);
  await sql`create index outbox_copies_of on notifications.outbox_copies (copy_of)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists notifications.outbox_copies`.execute(db);
}
