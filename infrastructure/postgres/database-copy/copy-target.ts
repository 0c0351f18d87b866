import type pg from 'pg';
import { type CopyTable, quotedList } from './copy-tables.ts';

/** Present on a target while a copy into it has not finished: names the source it is a copy of. */
const MARKER = 'public.tbot_copy_in_progress';

/** The target holds data that is not a previous partial copy of this source: nothing is written. */
export class CopyTargetError extends Error {
  override readonly name = 'CopyTargetError';
  readonly code = 'DATABASE.COPY_TARGET_NOT_EMPTY';
}

/**
 * What identifies the source across runs: its database name and its first event (a restored or copied
 * database has the same first event; another TBot database has its own).
 */
export async function sourceFingerprint(source: pg.PoolClient): Promise<string> {
  const { rows } = await source.query<{ fingerprint: string }>(
    `select current_database() || ':' ||
            coalesce((select event_id::text from es.events order by position limit 1), 'no events') as fingerprint`,
  );
  return rows[0]?.fingerprint ?? 'unknown';
}

/**
 * Makes sure the (migrated) target may receive the copy: either a previous partial copy of the same source
 * (`resumed`), or empty in every table to copy (`fresh`, and marked as a copy in progress).
 */
export async function claimCopyTarget(
  target: pg.Pool,
  tables: readonly CopyTable[],
  fingerprint: string,
): Promise<'fresh' | 'resumed'> {
  const { rows } = await target.query<{ present: boolean }>(
    `select to_regclass('${MARKER}') is not null as present`,
  );
  if (rows[0]?.present) {
    const marker = await target.query<{ source: string }>(`select source from ${MARKER}`);
    const source = marker.rows[0]?.source;
    if (source === fingerprint) return 'resumed';
    throw new CopyTargetError(
      `the target holds an unfinished copy of another database (${source ?? 'unknown'}): nothing was written`,
    );
  }
  const filled: string[] = [];
  for (const table of tables) {
    const found = await target.query(`select 1 from ${table.sql} limit 1`);
    if (found.rows.length > 0) filled.push(table.name);
  }
  if (filled.length > 0) {
    throw new CopyTargetError(
      `the target database is not empty (${filled.join(', ')} have rows) and is no unfinished copy of this one: ` +
        'copy into an empty database; nothing was written',
    );
  }
  await target.query(
    `create table ${MARKER} (source text not null, started_at timestamptz not null default now())`,
  );
  await target.query(`insert into ${MARKER} (source) values ($1)`, [fingerprint]);
  return 'fresh';
}

/** The copy is complete: the target is no longer a copy in progress (a new copy into it is refused). */
export async function releaseCopyTarget(target: pg.Pool): Promise<void> {
  await target.query(`drop table if exists ${MARKER}`);
}

/** Rows of each table on the target, to compare with the source's. */
export async function countRows(db: pg.Pool | pg.PoolClient, table: CopyTable): Promise<number> {
  const { rows } = await db.query<{ rows: string }>(`select count(*)::text as rows from ${table.sql}`);
  return Number(rows[0]?.rows ?? 0);
}

/**
 * Rows came with their keys (`overriding system value`), which leaves identity and serial sequences where the
 * target's migrations left them: move each past the largest value copied.
 */
export async function resetSequences(target: pg.Pool, tables: readonly CopyTable[]): Promise<number> {
  let reset = 0;
  for (const table of tables) {
    const { rows } = await target.query<{ column: string }>(
      `select a.attname as column from pg_attribute a
       where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
         and pg_get_serial_sequence($2, a.attname) is not null`,
      [table.sql, table.sql],
    );
    for (const { column } of rows) {
      const quoted = quotedList([column]);
      await target.query(
        `select setval(pg_get_serial_sequence($1, $2), coalesce(max(${quoted}), 1), max(${quoted}) is not null)
         from ${table.sql}`,
        [table.sql, column],
      );
      reset += 1;
    }
  }
  return reset;
}
