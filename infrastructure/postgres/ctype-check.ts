/** Anything that runs a query: a `pg.Pool`, a `pg.Client` or a pool client. */
export interface SqlQueryable {
  query(text: string): Promise<{ rows: unknown[] }>;
}

/**
 * The current database cannot classify Cyrillic letters: `lower()`, `ILIKE` and pg_trgm would treat them as
 * opaque bytes, so searching for `иванов` would silently miss `ИВАНОВ`.
 */
export class DatabaseCtypeError extends Error {
  override readonly name = 'DatabaseCtypeError';
  readonly code = 'DATABASE.CTYPE_NOT_UTF8';

  constructor(
    readonly database: string,
    readonly ctype: string,
    readonly encoding: string,
  ) {
    super(
      `Database "${database}" has encoding ${encoding} and LC_CTYPE '${ctype}': PostgreSQL cannot tell ` +
        `Cyrillic letters apart there (lower('ИВАНОВ') stays upper case, pg_trgm finds no trigrams), so ` +
        `search over names would silently find nothing. Use a database created with a UTF-8 ctype, e.g. ` +
        `CREATE DATABASE "${database}" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
    );
  }
}

const CHECK_SQL = `SELECT current_database() AS database, d.datctype AS ctype,
  pg_encoding_to_char(d.encoding) AS encoding, lower('ИВАНОВ') AS lowered
FROM pg_database d WHERE d.datname = current_database()`;

/**
 * Refuses a database whose ctype cannot handle Cyrillic (`DatabaseCtypeError`). Checked at start because
 * nothing else fails loudly: queries run, they just stop matching.
 */
export async function assertUtf8Ctype(db: SqlQueryable): Promise<void> {
  const { rows } = await db.query(CHECK_SQL);
  const row = rows[0] as Record<string, unknown> | undefined;
  if (!row) throw new Error('The current database is missing from pg_database');
  const database = String(row['database']);
  const ctype = String(row['ctype']);
  const encoding = String(row['encoding']);
  // lower() alone is not enough: an ICU default collation lowers Cyrillic even with LC_CTYPE 'C', while
  // pg_trgm still classifies characters through the libc ctype and would find no trigrams.
  const ctypeIsBare = /^(c|posix)$/i.test(ctype);
  if (encoding !== 'UTF8' || ctypeIsBare || row['lowered'] !== 'иванов') {
    throw new DatabaseCtypeError(database, ctype, encoding);
  }
}
