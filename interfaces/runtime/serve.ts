import type { Logger } from 'pino';
import { makeHealthReport } from '../../application/health/index.ts';
import { systemClock } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { migrateToLatest } from '../../infrastructure/postgres/index.ts';
import { postgresProbe } from '../../infrastructure/postgres/postgres-probe.ts';
import { createHttpApp, startHttpServer } from '../http/index.ts';
import { openDatabaseRuntime } from './database-runtime.ts';

export interface RunningNode {
  readonly httpPort: number;
  /** Stops in reverse order of start: HTTP, event store, database (and the embedded server). */
  stop(): Promise<void>;
}

/** Starts one TBot node: database (external or embedded), migrations, event store, HTTP. */
export async function startNode(config: Config, logger: Logger, version: string): Promise<RunningNode> {
  const startedAt = systemClock.now();
  const database = await openDatabaseRuntime(config, logger);
  const stops: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    const applied = await migrateToLatest(database.db);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'database schema is up to date');

    const store = createPostgresEventStore({
      pool: database.pool,
      url: database.url,
      onListenerError: (error) =>
        logger.warn({ err: error }, 'event listener connection lost; polling meanwhile'),
    });
    stops.push(() => store.close());

    const healthReport = makeHealthReport({
      version,
      nodeId: config.nodeId,
      startedAt,
      clock: systemClock,
      probes: [postgresProbe(database.pool)],
    });
    const app = createHttpApp({ logger, healthReport });
    const http = await startHttpServer(app, config.http.host, config.http.port);
    stops.push(() => http.close());
    logger.info({ url: `http://${config.http.host}:${http.port}`, roles: config.roles }, 'TBot is listening');
    return { httpPort: http.port, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
