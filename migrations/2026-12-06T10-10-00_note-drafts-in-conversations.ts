import { type Kysely, sql } from 'kysely';

/**
 * `otrs.note_drafts` goes: a note's draft is a step of the user's conversation in `telegram.conversations`
 * now (kind `otrs-note`), so a chat has one step only and a password step can never meet an open note. A
 * draft open at the upgrade (ten minutes at most, no text in it) is lost: the agent's next message there is
 * an ordinary one, and `/note` asks again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists otrs.note_drafts`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create table otrs.note_drafts (
      chat_id bigint not null,
      telegram_user_id bigint not null,
      ticket_id bigint not null,
      expires_at timestamptz not null,
      primary key (chat_id, telegram_user_id)
    )`.execute(db);
}
