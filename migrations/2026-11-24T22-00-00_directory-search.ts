import { type Kysely, sql } from 'kysely';

/**
 * pg_trgm for the directory's typo-tolerant search. The employees read model's own tables belong to its
 * projector (created live and `__rebuild`), not to a migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Other databases' objects may use pg_trgm; an extension is left in place rather than dropped with them.
}
