import { Command } from 'commander';
import { checkMigrationResult, createMigrator } from '../../../infrastructure/postgres/index.ts';
import { openDatabaseRuntime } from '../../runtime/database-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { terminalText } from '../terminal-text.ts';

async function withMigrator(
  work: (migrator: ReturnType<typeof createMigrator>) => Promise<void>,
): Promise<void> {
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const database = await openDatabaseRuntime(config, logger, { purpose: 'command' });
  try {
    await work(createMigrator(database.db));
  } finally {
    await database.close();
  }
}

/** `tbot migrate up|down|status`: the schema, by hand (`serve` migrates up by itself). */
export function migrateCommand(): Command {
  const migrate = new Command('migrate').description('apply, undo or list database migrations');

  migrate
    .command('up')
    .description('apply every pending migration')
    .action(() =>
      withMigrator(async (migrator) => {
        const applied = checkMigrationResult(await migrator.migrateToLatest());
        console.log(applied.length > 0 ? applied.map((name) => `applied ${name}`).join('\n') : 'up to date');
      }),
    );

  migrate
    .command('down')
    .description('undo the last applied migration')
    .action(() =>
      withMigrator(async (migrator) => {
        const result = await migrator.migrateDown();
        checkMigrationResult(result);
        const undone = result.results?.[0]?.migrationName;
        console.log(undone ? `undone ${undone}` : 'nothing to undo');
      }),
    );

  migrate
    .command('status')
    .description('list migrations and when each was applied')
    .action(() =>
      withMigrator(async (migrator) => {
        for (const migration of await migrator.getMigrations()) {
          const when = migration.executedAt ? migration.executedAt.toISOString() : 'pending';
          // Names as the database holds them.
          console.log(`${when.padEnd(24)}  ${terminalText(migration.name)}`);
        }
      }),
    );

  return migrate;
}
