import { join } from 'node:path';
import { redactUrl } from '../../../infrastructure/logging/redact-url.ts';
import { MASTER_KEY_FILE } from '../../../infrastructure/personal-data/index.ts';
import { assertUtf8Ctype } from '../../../infrastructure/postgres/ctype-check.ts';
import {
  type SnapshotCopyOutcome,
  copyInSnapshot,
  releaseCopyTarget,
  resetSequences,
} from '../../../infrastructure/postgres/database-copy/index.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
} from '../../../infrastructure/postgres/index.ts';
import { projectors, readModelTables } from '../../../projections/index.ts';
import { type DatabaseRuntime, openDatabaseRuntime } from '../../runtime/database-runtime.ts';
import { recordCliLogActOn } from '../../runtime/event-store-runtime.ts';
import { type CliEnvironment, cliEnvironment } from '../cli-environment.ts';
import { assertNoLiveNode, renumberAndReset } from '../audit/renumber-log.ts';
import { cliActor } from '../operator.ts';
import { type CopyProgress, copyProgress } from './copy-progress.ts';
import { terminalText } from '../terminal-text.ts';

export interface CopyOptions {
  readonly to: string;
  readonly batchSize: number;
  readonly stopAfter?: number;
  readonly force?: boolean;
  readonly reason?: string;
}

/**
 * Not copied: read models (rebuilt from the log on the target), the source's live node registrations and its
 * scheduler partitions' holders (the target's migration made its own, at epoch 0, for its own nodes to win).
 */
const notCopied = () =>
  new Set([...readModelTables(projectors), 'cluster.nodes', 'monitoring.scheduler_partitions']);

/**
 * `tbot db copy --to URL`: copies TBot's database from the configured one (embedded, or `DATABASE_URL`) into
 * another PostgreSQL, resumably, then renumbers the target's log (it is another cluster) and resets its read
 * models, which its first node rebuilds.
 */
export async function copyAction(options: CopyOptions): Promise<void> {
  const env = await cliEnvironment({ logTo: 'stderr' });
  const { config, logger } = env;
  const source = await openDatabaseRuntime(config, logger, { purpose: 'command' });
  const target = openDatabase({ url: options.to, poolMax: 2, applicationName: `tbot:${config.nodeId}:copy` });
  try {
    await migrateToLatest(source.db);
    await assertNoLiveNode(source.pool, options.force);
    await assertUtf8Ctype(target.pool);
    // The same schema on both sides, so every table and column has its counterpart.
    await migrateToLatest(target.db);
    const outcome = await copyWithProgress(source, target, options);
    if (outcome.stopped) {
      console.log(
        `stopped after ${outcome.batches} batches (${outcome.stopped}); run the same command again to continue`,
      );
      return;
    }
    await finish(env, source, target, outcome, options);
  } finally {
    await target.close();
    await source.close();
    if (!source.pool.ending) await source.pool.end();
  }
}

/**
 * The copy in the source's snapshot, shown on the terminal: what is left behind, what is copied, a progress
 * bar; Ctrl-C or `--stop-after` stops it after a batch (it resumes from there when run again).
 */
async function copyWithProgress(
  source: DatabaseRuntime,
  target: DatabaseHandle,
  options: CopyOptions,
): Promise<SnapshotCopyOutcome & { readonly batches: number }> {
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.once('SIGINT', onSigint);
  let progress: CopyProgress | null = null;
  let batches = 0;
  try {
    const outcome = await copyInSnapshot(source.pool, target, {
      batchSize: options.batchSize,
      exclude: notCopied(),
      onLeftBehind: (left) =>
        console.error(terminalText(`not copied (not in TBot's schema): ${left.join(', ')}`)),
      onBegin: ({ mode, tables, rows }) => {
        console.log(
          `${mode === 'resumed' ? 'resuming the copy of' : 'copying'} ${tables} tables (${rows} rows) into ` +
            `${redactUrl(options.to)}; read models are rebuilt there from the log`,
        );
        progress = copyProgress(rows);
      },
      onTable: (name, rows, alreadyCopied) => progress?.table(name, rows, alreadyCopied),
      onBatch: (copied) => {
        batches += 1;
        progress?.update(copied);
      },
      stopReason: () =>
        interrupted
          ? 'interrupted'
          : options.stopAfter !== undefined && batches >= options.stopAfter
            ? `--stop-after ${options.stopAfter}`
            : null,
    });
    return { ...outcome, batches };
  } finally {
    (progress as CopyProgress | null)?.stop();
    process.off('SIGINT', onSigint);
  }
}

/** Sequences, the renumber (the target is another cluster), the recorded act, then the copy is done. */
async function finish(
  env: CliEnvironment,
  source: DatabaseRuntime,
  target: DatabaseHandle,
  { tables, rows }: SnapshotCopyOutcome,
  options: CopyOptions,
): Promise<void> {
  const sequences = await resetSequences(target.pool, tables);
  const renumbered = await renumberAndReset(target, env.logger);
  const appended = await recordCliLogActOn(
    { ...target, url: options.to },
    {
      event: { type: 'DatabaseCopied', data: { from: redactUrl(source.url), tables: tables.length, rows } },
      actor: cliActor(),
      source: 'cli',
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    },
  );
  await releaseCopyTarget(target.pool);
  console.log(
    `copied ${rows} rows of ${tables.length} tables; ${sequences} sequences moved past the copied keys; ` +
      `log renumbered below the target's transaction ids (${renumbered.events} events); recorded DatabaseCopied ` +
      `at position ${appended.position}`,
  );
  const key = source.embedded
    ? `the key in ${join(env.config.dataDir, MASTER_KEY_FILE)}`
    : "the source's PERSONAL_DATA_MASTER_KEY";
  console.log(
    `next: stop using the old database, set DATABASE_URL to the target and PERSONAL_DATA_MASTER_KEY to ${key} ` +
      '(without it personal data cannot be read), then start TBot: it rebuilds every read model from the log',
  );
}
