import { type Kysely, sql } from 'kysely';

/**
 * The OTRS feed poller's watermark (#16): the latest `Changed` time of the tickets it has recorded, one row per
 * feed (`name`, so that a second OTRS could have its own). A row of state, not an event: it moves every poll
 * and says nothing that the tickets' streams do not.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists otrs.feed_watermarks (
      name text primary key,
      changed_until timestamptz not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists otrs.feed_watermarks`.execute(db);
}
