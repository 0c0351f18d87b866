import { join } from 'node:path';
import type pg from 'pg';
import { redactUrl } from '../../../infrastructure/logging/redact-url.ts';
import { MASTER_KEY_FILE } from '../../../infrastructure/personal-data/index.ts';
import { assertUtf8Ctype } from '../../../infrastructure/postgres/ctype-check.ts';
import {
  type CopyTable,
  claimCopyTarget,
  copyTable,
  countRows,
  listCopyTables,
  releaseCopyTarget,
  resetSequences,
  sourceFingerprint,
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
import { copyProgress } from './copy-progress.ts';
import { terminalText } from '../terminal-text.ts';

export interface CopyOptions {
  readonly to: string;
  readonly batchSize: number;
  readonly stopAfter?: number;
  readonly force?: boolean;
  readonly reason?: string;
}

/** Not copied: read models (rebuilt from the log on the target) and the source's live node registrations. */
const notCopied = () => new Set([...readModelTables(projectors), 'cluster.nodes']);

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
    const outcome = await copyInSnapshot(source.pool, target, options);
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

interface CopyOutcome {
  readonly tables: readonly CopyTable[];
  readonly rows: number;
  readonly batches: number;
  /** Why the copy stopped before the end, or null when it is complete. */
  readonly stopped: string | null;
}

/**
 * The source's tables that the target's migrations also created: a table only the source has (a projector
 * that no longer exists) is not TBot's schema any more; it is named and left behind.
 */
async function tablesOnBothSides(source: pg.PoolClient, target: pg.Pool): Promise<CopyTable[]> {
  const exclude = notCopied();
  const onTarget = new Set((await listCopyTables(target, exclude)).map((table) => table.name));
  const tables = await listCopyTables(source, exclude);
  const left = tables.filter((table) => !onTarget.has(table.name)).map((table) => table.name);
  if (left.length > 0) console.error(terminalText(`not copied (not in TBot's schema): ${left.join(', ')}`));
  return tables.filter((table) => onTarget.has(table.name));
}

/**
 * Reads the whole source in one repeatable-read snapshot, so the copy is consistent even across tables;
 * each batch commits on the target by itself, so a copy stopped anywhere resumes from there.
 */
async function copyInSnapshot(
  pool: pg.Pool,
  target: DatabaseHandle,
  options: CopyOptions,
): Promise<CopyOutcome> {
  const client = await pool.connect();
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.once('SIGINT', onSigint);
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query('set local idle_in_transaction_session_timeout = 0');
    await client.query('set local statement_timeout = 0');
    const tables = await tablesOnBothSides(client, target.pool);
    const fingerprint = await sourceFingerprint(client);
    const mode = await claimCopyTarget(target.pool, tables, fingerprint);
    const totals = new Map<string, number>();
    for (const table of tables) totals.set(table.name, await countRows(client, table));
    const rows = [...totals.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `${mode === 'resumed' ? 'resuming the copy of' : 'copying'} ${tables.length} tables (${rows} rows) into ` +
        `${redactUrl(options.to)}; read models are rebuilt there from the log`,
    );
    const progress = copyProgress(rows);
    let batches = 0;
    const stopReason = () =>
      interrupted
        ? 'interrupted'
        : options.stopAfter !== undefined && batches >= options.stopAfter
          ? `--stop-after ${options.stopAfter}`
          : null;
    try {
      for (const table of tables) {
        const total = totals.get(table.name) ?? 0;
        const result = await copyTable(client, target.pool, table, {
          batchSize: options.batchSize,
          total,
          onStart: (copied) => progress.table(table.name, total, copied),
          onBatch: (copied) => {
            batches += 1;
            progress.update(copied);
          },
          shouldStop: () => stopReason() !== null,
        });
        if (!result.complete) return { tables, rows, batches, stopped: stopReason() ?? 'stopped' };
      }
    } finally {
      progress.stop();
    }
    await client.query('commit');
    // What the snapshot held is what the target must hold, table by table.
    const short: string[] = [];
    for (const table of tables) {
      const copied = await countRows(target.pool, table);
      if (copied !== totals.get(table.name)) short.push(`${table.name} ${copied}/${totals.get(table.name)}`);
    }
    if (short.length > 0) {
      throw new Error(`the copy does not match the source (${short.join(', ')}): run it again`);
    }
    return { tables, rows, batches, stopped: null };
  } finally {
    process.off('SIGINT', onSigint);
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}

/** Sequences, the renumber (the target is another cluster), the recorded act, then the copy is done. */
async function finish(
  env: CliEnvironment,
  source: DatabaseRuntime,
  target: DatabaseHandle,
  { tables, rows }: CopyOutcome,
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
