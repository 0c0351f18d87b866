import { type Kysely, sql } from 'kysely';

/**
 * One data key per person (crypto-shredding, DESIGN.md "Events"): their personal data in events is encrypted
 * with it, and the key itself is stored encrypted with the master key from the secrets. Forgetting a person
 * deletes the row; the events stay, unreadable where they held that person's data.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table core.personal_data_keys (
      subject_id text primary key,
      wrapped_key bytea not null,
      master_key_id text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists core.personal_data_keys`.execute(db);
}
