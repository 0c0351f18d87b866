import { Command, InvalidArgumentError } from 'commander';
import { type CopyOptions, copyAction } from './copy-action.ts';
import { reasonOption } from '../reason-option.ts';

const DEFAULT_BATCH_SIZE = 1000;
const MAX_BATCH_SIZE = 50_000;

function parsePostgresUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be a PostgreSQL URL (postgres://user@host:5432/database)');
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol) || url.pathname.length < 2) {
    throw new InvalidArgumentError('must be a PostgreSQL URL naming its database (postgres://host/database)');
  }
  return value;
}

const positiveInteger = (max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) {
    throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
  }
  return n;
};

/** `tbot db copy --to URL`: moves TBot's database to another PostgreSQL (no pg_dump needed). */
export function dbCommand(): Command {
  const command = new Command('db')
    .description('the database as a whole: copy it to another PostgreSQL')
    .showHelpAfterError()
    .exitOverride();

  command
    .command('copy')
    .description(
      'copy the database (embedded, or DATABASE_URL) into an empty PostgreSQL database, resumably; then ' +
        "renumber the copy's log for its cluster (its read models rebuild on first start). Stop every node first",
    )
    .requiredOption('--to <url>', 'the target database (created, empty, UTF-8 ctype)', parsePostgresUrl)
    .option(
      '--batch-size <rows>',
      `rows per batch (default ${DEFAULT_BATCH_SIZE})`,
      positiveInteger(MAX_BATCH_SIZE),
      DEFAULT_BATCH_SIZE,
    )
    .option(
      '--stop-after <batches>',
      'stop after this many batches (copy in parts: the same command continues)',
      positiveInteger(Number.MAX_SAFE_INTEGER),
    )
    .option(
      '--force',
      'go on even though cluster.nodes shows a node running on the source (one that was killed)',
    )
    .addOption(reasonOption())
    .action((options: CopyOptions) => copyAction(options));

  return command;
}
