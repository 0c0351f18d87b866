import type { Logger } from 'pino';
import type { Config } from '../../infrastructure/config/index.ts';
import { redactUrl } from '../../infrastructure/logging/redact-url.ts';
import { assertUtf8Ctype } from '../../infrastructure/postgres/ctype-check.ts';
import { type DatabaseHandle, openDatabase } from '../../infrastructure/postgres/index.ts';
import { startEmbeddedPostgres } from '../../infrastructure/postgres/embedded/index.ts';

export interface DatabaseRuntime extends DatabaseHandle {
  readonly url: string;
  /**
   * The embedded PostgreSQL in use: `started` by this process, `attached` when another TBot process (a
   * running `tbot serve`) already ran it on the same data directory; null on `DATABASE_URL`.
   */
  readonly embedded: 'started' | 'attached' | null;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export interface DatabaseRuntimeOptions {
  /**
   * `node` (the default, `tbot serve`) warns when it has to share the embedded server of another TBot
   * process, which takes the database down with it when it stops; a one-off `command` expects to share it.
   */
  readonly purpose?: 'node' | 'command';
}

/**
 * Connects to `DATABASE_URL`, or to the embedded PostgreSQL under `DATA_DIR` when it is unset (starting it,
 * or attaching to the one another TBot process runs there); either way refuses a database whose ctype cannot
 * classify Cyrillic (search would silently find nothing).
 */
export async function openDatabaseRuntime(
  config: Config,
  logger: Logger,
  options: DatabaseRuntimeOptions = {},
): Promise<DatabaseRuntime> {
  const embedded = config.database.url
    ? null
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.database.embeddedPort,
        logger: logger.child({ component: 'embedded-postgres' }),
      });
  if (embedded?.mode === 'attached' && (options.purpose ?? 'node') === 'node') {
    logger.warn(
      { dataDir: config.dataDir, port: embedded.port },
      'another TBot process owns the embedded database on this data directory: this node stops working ' +
        'when that process stops (give each node its own DATA_DIR, or a shared DATABASE_URL)',
    );
  }
  const url = config.database.url ?? embedded?.url;
  if (!url) throw new Error('No database URL and no embedded server');
  const handle = openDatabase({
    url,
    poolMax: config.database.poolMax,
    idleInTransactionTimeoutMs: config.database.idleInTransactionTimeoutMs,
    applicationName: `tbot:${config.nodeId}`,
  });
  const close = async () => {
    await handle.close();
    await embedded?.stop();
  };
  try {
    await assertUtf8Ctype(handle.pool);
  } catch (error) {
    await close();
    throw error;
  }
  const mode = embedded?.mode ?? null;
  logger.info(
    { database: redactUrl(url), embedded: mode !== null, ...(mode ? { embeddedServer: mode } : {}) },
    'database connected',
  );
  return { ...handle, url, embedded: mode, close };
}
