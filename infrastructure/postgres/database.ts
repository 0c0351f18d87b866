import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.ts';

export interface DatabaseOptions {
  readonly url: string;
  readonly poolMax?: number;
  /** Open transactions hold back the xmin horizon that makes log reads gap-safe: end idle ones. */
  readonly idleInTransactionTimeoutMs?: number;
  readonly applicationName?: string;
}

export interface DatabaseHandle {
  readonly pool: pg.Pool;
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

/** Opens a pg pool and a Kysely instance over it; `close` ends both. */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'tbot',
    // JIT off: TBot's statements are short, and a high cost estimate (the employees search's is) made
    // PostgreSQL spend ~90 ms compiling a query that runs in 10 (bench/directory, EXPLAIN ANALYZE).
    options: `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? 30_000} -c jit=off`,
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    pool,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Kysely ends the pool only if it ever used it; a pool used through `pool` alone would linger.
      if (!pool.ended) await pool.end();
    },
  };
}
