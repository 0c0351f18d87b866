import type pg from 'pg';
import { type CopyTable, quotedList } from './copy-tables.ts';

export interface CopyTableOptions {
  readonly batchSize: number;
  /** Rows of the table in the source's snapshot: bounds the loop. */
  readonly total: number;
  /** Once, with the rows a previous run already copied. */
  readonly onStart: (copied: number) => void;
  /** After each committed batch, with the rows copied so far (those of previous runs included). */
  readonly onBatch: (copied: number) => void;
  /** Asked before each batch: true stops the copy there (it resumes from that point when run again). */
  readonly shouldStop: () => boolean;
}

/**
 * Copies `table` from `source` (a client inside the copy's snapshot) to `target` in keyset batches of
 * `batchSize`, each one INSERT committed on its own, from the largest key already on the target: a copy that
 * stopped continues where it was. Rows travel as JSON (`json_agg` out, `json_populate_recordset` in), so every
 * type converts by its own text form. Returns whether the table is complete.
 */
export async function copyTable(
  source: pg.PoolClient,
  target: pg.Pool,
  table: CopyTable,
  options: CopyTableOptions,
): Promise<{ readonly complete: boolean; readonly copied: number }> {
  const key = quotedList(table.key);
  const columns = quotedList(table.columns);
  const resume = await target.query<{ last: string | null; copied: string }>(
    `select (select row_to_json(k)::text from (select ${key} from ${table.sql} order by ${key} desc limit 1) k) as last,
            (select count(*) from ${table.sql})::text as copied`,
  );
  let last = resume.rows[0]?.last ?? null;
  let copied = Number(resume.rows[0]?.copied ?? 0);
  options.onStart(copied);
  const after = `where (${key}) > (select ${key} from json_populate_record(null::${table.sql}, $2::json))`;
  const read = (from: string | null) =>
    source.query<{ batch: string; rows: number; last: string | null }>(
      `with t as (select ${columns} from ${table.sql} ${from === null ? '' : after} order by ${key} limit $1)
       select coalesce(json_agg(t)::text, '[]') as batch, count(*)::int as rows,
              (select row_to_json(k)::text from (select ${key} from t order by ${key} desc limit 1) k) as last
       from t`,
      from === null ? [options.batchSize] : [options.batchSize, from],
    );
  // The snapshot holds `total` rows: more batches than that allows means the key order is not what we think.
  const maxBatches = Math.ceil(options.total / options.batchSize) + 1;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    if (options.shouldStop()) return { complete: false, copied };
    const { rows } = await read(last);
    const row = rows[0];
    if (!row || row.rows === 0) return { complete: true, copied };
    const inserted = await target.query(
      `insert into ${table.sql} (${columns}) overriding system value
       select ${columns} from json_populate_recordset(null::${table.sql}, $1::json)
       on conflict do nothing`,
      [row.batch],
    );
    copied += inserted.rowCount ?? 0;
    last = row.last;
    options.onBatch(copied);
    if (row.rows < options.batchSize) return { complete: true, copied };
  }
  throw new Error(`copying ${table.name} took more than ${maxBatches} batches: its source changed`);
}
