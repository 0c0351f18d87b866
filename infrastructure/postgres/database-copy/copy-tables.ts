import type pg from 'pg';

/** A table `tbot db copy` copies: its key orders the keyset batches and finds where a copy stopped. */
export interface CopyTable {
  /** `schema.table`, as read-model lists name them. */
  readonly name: string;
  /** Quoted, for SQL. */
  readonly sql: string;
  readonly key: readonly string[];
  /** Columns an INSERT may set (generated columns are left to the target). */
  readonly columns: readonly string[];
}

/** A table without a primary key cannot be copied in resumable batches. */
export class TableWithoutKeyError extends Error {
  override readonly name = 'TableWithoutKeyError';
  readonly code = 'DATABASE.COPY_NO_KEY';
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Every table of TBot's schemas (all but `public`, which holds only the migrator's bookkeeping, and the system
 * schemas), less `exclude` (`schema.table`: read models, rebuilt from the log; live node registrations).
 */
export async function listCopyTables(
  db: pg.Pool | pg.PoolClient,
  exclude: ReadonlySet<string>,
): Promise<CopyTable[]> {
  const { rows } = await db.query<{
    schema: string;
    table: string;
    key: string[] | null;
    columns: string[];
  }>(
    `select n.nspname as schema, c.relname as table,
       (select array_agg(a.attname::text order by k.ord)
        from pg_index i cross join unnest(i.indkey) with ordinality k(attnum, ord)
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where i.indrelid = c.oid and i.indisprimary) as key,
       (select array_agg(a.attname::text order by a.attnum) from pg_attribute a
        where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and not c.relispartition
       and n.nspname not in ('public', 'information_schema') and n.nspname not like 'pg\\_%'
     order by n.nspname, c.relname`,
  );
  const tables: CopyTable[] = [];
  for (const row of rows) {
    const name = `${row.schema}.${row.table}`;
    if (exclude.has(name)) continue;
    if (!row.key || row.key.length === 0) throw new TableWithoutKeyError(`${name} has no primary key`);
    tables.push({
      name,
      sql: `${quote(row.schema)}.${quote(row.table)}`,
      key: row.key,
      columns: row.columns,
    });
  }
  return tables;
}

export const quotedList = (columns: readonly string[]) => columns.map(quote).join(', ');
