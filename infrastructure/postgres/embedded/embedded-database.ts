import pg from 'pg';
import type { EmbeddedLogger } from './embedded-logger.ts';

/** The application database inside the embedded cluster. */
export const EMBEDDED_DATABASE = 'tbot';

/** Creates the `tbot` database if missing; `connection` leads to the maintenance database `postgres`. */
export async function ensureDatabase(connection: pg.ClientConfig, logger: EmbeddedLogger): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (existing.rowCount) return;
    try {
      await client.query(
        `CREATE DATABASE ${pg.escapeIdentifier(EMBEDDED_DATABASE)} ENCODING 'UTF8' ` +
          `LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
      );
    } catch (error) {
      // Another process sharing the server created it meanwhile (duplicate_database, or the catalog's index).
      const code = (error as { code?: unknown }).code;
      if (code === '42P04' || code === '23505') return;
      throw error;
    }
    logger.info({ database: EMBEDDED_DATABASE }, 'embedded PostgreSQL database created');
  } finally {
    await client.end();
  }
}
