import { type Kysely, sql } from 'kysely';

/**
 * The OTRS sessions of linked agents, one per Telegram user, beside the log and never in it (a session id is
 * a credential, an event is forever). `session` is the session id encrypted with the user's personal data key
 * (`pd1:…`), so forgetting the user makes it unusable before the row is dropped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table otrs.agent_sessions (
      telegram_user_id bigint primary key,
      session text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists otrs.agent_sessions`.execute(db);
}
