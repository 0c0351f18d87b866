import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrationProvider } from '../../migrations/index.ts';

/** Kysely's migrator over TBot's migrations, bookkeeping in schema `public` (it must exist before `core`). */
export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'tbot_migrations',
    migrationLockTableName: 'tbot_migrations_lock',
  });
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code = 'DATABASE.MIGRATION_FAILED';

  constructor(
    readonly migrationName: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `Migration ${migrationName ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/** Throws a {@link MigrationError} naming the failed migration; returns the names it applied. */
export function checkMigrationResult({ error, results }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the database to the latest migration; safe to run from several nodes at once (kysely locks). */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  return checkMigrationResult(await createMigrator(db).migrateToLatest());
}
