import { type Kysely, sql } from 'kysely';

/**
 * OTRS actions from Telegram (#16).
 * - `otrs.action_queue`: the actions the OTRS actions reactor found asked and not yet answered, one row per
 *   action, written in the reactor's checkpoint transaction; workers on any node claim a row
 *   (`claimed_until`), call OTRS with the agent's session and record the outcome, then delete it. Ids only:
 *   a note's text stays in its (encrypted) event. The migration's, not a read model's: a rebuild of the
 *   reactor must not drop actions still to be made.
 * - `otrs.note_drafts`: the short conversation of a note: after the note button or `/note NUMBER`, the next
 *   message of that user in that chat is the note. Expires; holds no text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists otrs`.execute(db);
  await sql`
    create table otrs.action_queue (
      action_id text primary key,
      ticket_id bigint not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      claimed_by text,
      claimed_until timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index action_queue_due on otrs.action_queue (next_attempt_at)`.execute(db);
  await sql`
    create table otrs.note_drafts (
      chat_id bigint not null,
      telegram_user_id bigint not null,
      ticket_id bigint not null,
      expires_at timestamptz not null,
      primary key (chat_id, telegram_user_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists otrs.note_drafts`.execute(db);
  await sql`drop table if exists otrs.action_queue`.execute(db);
}
