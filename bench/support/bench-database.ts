import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../infrastructure/postgres/index.ts';

/** The server benches create their throwaway databases on (the system PostgreSQL unless told otherwise). */
export const BENCH_SERVER_URL =
  process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  readonly url: string;
  readonly name: string;
  /** A pool of `poolMax` connections to the bench database; `drop()` closes any still open. */
  open(poolMax: number): DatabaseHandle;
  /** Closes every pool and drops the database; safe to call twice. */
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL, application_name: 'tbot-bench' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops a bench database by name, closing its connections (used by `drop()` and by a watchdog). Retries for a
 * few seconds: right after a run the server may still be full of backends that are on their way out.
 */
export async function dropBenchDatabase(name: string): Promise<void> {
  const sql = `drop database if exists ${pg.escapeIdentifier(name)} with (force)`;
  for (let attempt = 1; ; attempt++) {
    try {
      await onServer(sql);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** A fresh `tbot_bench_<random>` database (UTF-8, a ctype that knows Cyrillic), migrated to the latest schema. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `tbot_bench_${randomBytes(6).toString('hex')}`;
  await onServer(
    `create database ${pg.escapeIdentifier(name)} encoding 'UTF8' lc_ctype 'C.UTF-8' lc_collate 'C.UTF-8' template template0`,
  );
  const url = urlFor(name);
  const handles = new Set<DatabaseHandle>();
  let dropped: Promise<void> | null = null;
  const open = (poolMax: number): DatabaseHandle => {
    const handle = openDatabase({ url, poolMax, applicationName: 'tbot-bench' });
    handles.add(handle);
    return {
      ...handle,
      async close() {
        handles.delete(handle);
        await handle.close();
      },
    };
  };
  const database: BenchDatabase = {
    url,
    name,
    open,
    drop() {
      dropped ??= (async () => {
        await Promise.allSettled([...handles].map((handle) => handle.close()));
        handles.clear();
        await dropBenchDatabase(name);
      })();
      return dropped;
    },
  };
  try {
    const handle = open(2);
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
  return database;
}
