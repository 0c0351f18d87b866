import { type Kysely, sql } from 'kysely';

/**
 * The HTTP `Idempotency-Key`s: one row per user and key, holding the hash of the request that first used it
 * (method, route, target, body), so that the key reused for another request is refused (422) before anything
 * happens. `nonce` is drawn at first use and goes into the key the command is handled under: once the row has
 * expired, the same key names a new command whose event and entity ids cannot collide with the old ones.
 * Both this table and `es.idempotency_keys` are emptied of old keys in batches by `created_at`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table core.http_idempotency_keys (
      key text primary key,
      request_hash text not null,
      nonce uuid not null,
      status smallint,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index http_idempotency_keys_created_at on core.http_idempotency_keys (created_at)`.execute(
    db,
  );
  await sql`create index idempotency_keys_created_at on es.idempotency_keys (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists es.idempotency_keys_created_at`.execute(db);
  await sql`drop table if exists core.http_idempotency_keys`.execute(db);
}
