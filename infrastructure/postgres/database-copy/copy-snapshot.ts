import type pg from 'pg';
import type { DatabaseHandle } from '../database.ts';
import { type CopyTable, listCopyTables } from './copy-tables.ts';
import { copyTable } from './copy-table.ts';
import { claimCopyTarget, countRows, sourceFingerprint } from './copy-target.ts';

/** What the caller shows and decides while the copy runs (the CLI prints; the copy itself prints nothing). */
export interface SnapshotCopyHooks {
  readonly batchSize: number;
  /** Tables the copy leaves out: read models, rebuilt from the log on the target, and node registrations. */
  readonly exclude: ReadonlySet<string>;
  /** The source's tables the target's schema does not have (a projector that no longer exists). */
  readonly onLeftBehind: (tables: readonly string[]) => void;
  /** Once the snapshot is counted: whether this run resumes an earlier one, and what it copies. */
  readonly onBegin: (begin: {
    readonly mode: 'fresh' | 'resumed';
    readonly tables: number;
    readonly rows: number;
  }) => void;
  readonly onTable: (name: string, rows: number, alreadyCopied: number) => void;
  readonly onBatch: (copied: number) => void;
  /** Asked before each batch: a reason stops the copy there (it resumes from that point when run again). */
  readonly stopReason: () => string | null;
}

export interface SnapshotCopyOutcome {
  readonly tables: readonly CopyTable[];
  readonly rows: number;
  /** Why the copy stopped before the end, or null when it is complete. */
  readonly stopped: string | null;
}

/**
 * The source's tables that the target's migrations also created: a table only the source has is not TBot's
 * schema any more; it is named and left behind.
 */
async function tablesOnBothSides(
  source: pg.PoolClient,
  target: pg.Pool,
  hooks: SnapshotCopyHooks,
): Promise<CopyTable[]> {
  const exclude = new Set(hooks.exclude);
  const onTarget = new Set((await listCopyTables(target, exclude)).map((table) => table.name));
  const tables = await listCopyTables(source, exclude);
  const left = tables.filter((table) => !onTarget.has(table.name)).map((table) => table.name);
  if (left.length > 0) hooks.onLeftBehind(left);
  return tables.filter((table) => onTarget.has(table.name));
}

/**
 * Reads the whole source in one repeatable-read snapshot, so the copy is consistent even across tables;
 * each batch commits on the target by itself, so a copy stopped anywhere resumes from there. A complete copy
 * is checked table by table against the snapshot's counts.
 */
export async function copyInSnapshot(
  source: pg.Pool,
  target: DatabaseHandle,
  hooks: SnapshotCopyHooks,
): Promise<SnapshotCopyOutcome> {
  const client = await source.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query('set local idle_in_transaction_session_timeout = 0');
    await client.query('set local statement_timeout = 0');
    const tables = await tablesOnBothSides(client, target.pool, hooks);
    const fingerprint = await sourceFingerprint(client);
    const mode = await claimCopyTarget(target.pool, tables, fingerprint);
    const totals = new Map<string, number>();
    for (const table of tables) totals.set(table.name, await countRows(client, table));
    const rows = [...totals.values()].reduce((sum, n) => sum + n, 0);
    hooks.onBegin({ mode, tables: tables.length, rows });
    for (const table of tables) {
      const total = totals.get(table.name) ?? 0;
      const result = await copyTable(client, target.pool, table, {
        batchSize: hooks.batchSize,
        total,
        onStart: (copied) => hooks.onTable(table.name, total, copied),
        onBatch: hooks.onBatch,
        shouldStop: () => hooks.stopReason() !== null,
      });
      if (!result.complete) return { tables, rows, stopped: hooks.stopReason() ?? 'stopped' };
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
    return { tables, rows, stopped: null };
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.release();
  }
}
