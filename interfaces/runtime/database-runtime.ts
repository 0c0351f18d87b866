import type { Logger } from 'pino';
import type { Config } from '../../infrastructure/config/index.ts';
import { redactUrl } from '../../infrastructure/logging/redact-url.ts';
import { assertUtf8Ctype } from '../../infrastructure/postgres/ctype-check.ts';
import { type DatabaseHandle, openDatabase } from '../../infrastructure/postgres/index.ts';
import { startEmbeddedPostgres } from '../../infrastructure/postgres/embedded/index.ts';

export interface DatabaseRuntime extends DatabaseHandle {
  readonly url: string;
  readonly embedded: boolean;
  /** Closes the pool, then stops the embedded server if this node started one. */
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded PostgreSQL under `DATA_DIR` when it is unset; either way
 * refuses a database whose ctype cannot classify Cyrillic (search would silently find nothing).
 */
export async function openDatabaseRuntime(config: Config, logger: Logger): Promise<DatabaseRuntime> {
  const embedded = config.database.url
    ? null
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.database.embeddedPort,
        logger: logger.child({ component: 'embedded-postgres' }),
      });
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
  logger.info({ database: redactUrl(url), embedded: embedded !== null }, 'database connected');
  return { ...handle, url, embedded: embedded !== null, close };
}
