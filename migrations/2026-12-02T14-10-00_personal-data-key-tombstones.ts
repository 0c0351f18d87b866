import { type Kysely, sql } from 'kysely';

/**
 * A forgotten person's key row stays, as a tombstone: the wrapped key goes (null) and `forgotten_at` says
 * when. Without it a write racing the forget (an edit, an import) found no key and created a new, readable
 * one. A key is either there or tombstoned, never both.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table core.personal_data_keys
      alter column wrapped_key drop not null,
      alter column master_key_id drop not null,
      add column forgotten_at timestamptz,
      add constraint personal_data_keys_key_or_tombstone check (
        (wrapped_key is null and master_key_id is null and forgotten_at is not null)
        or (wrapped_key is not null and master_key_id is not null and forgotten_at is null)
      )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from core.personal_data_keys where forgotten_at is not null`.execute(db);
  await sql`
    alter table core.personal_data_keys
      drop constraint personal_data_keys_key_or_tombstone,
      drop column forgotten_at,
      alter column wrapped_key set not null,
      alter column master_key_id set not null`.execute(db);
}
