import { type Kysely, sql } from 'kysely';

/**
 * Refresh tokens, stored as SHA-256 hashes of their 256 random bits (a stolen table cannot be replayed). A token
 * is used once: rotating it revokes it and issues the next of its family; a revoked one presented again revokes
 * the whole family (RFC 9700, refresh token rotation).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table core.refresh_tokens (
      token_hash bytea primary key,
      family_id uuid not null,
      user_id uuid not null,
      issued_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index refresh_tokens_by_family on core.refresh_tokens (family_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists core.refresh_tokens`.execute(db);
}
