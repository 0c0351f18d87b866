import type { EventStore, LeaseManager } from '../../../application/ports/index.ts';
import { createRedisLeaseManager } from '../../../infrastructure/leases/index.ts';
import { createPostgresProjectionStore } from '../../../infrastructure/projections/index.ts';
import { closeRedis, openRedis } from '../../../infrastructure/redis/index.ts';
import { type ProjectionStore, projectors } from '../../../projections/index.ts';
import { type DatabaseRuntime, openDatabaseRuntime } from '../../runtime/database-runtime.ts';
import { openProtectedEventStore, resolveMasterKey } from '../../runtime/event-store-runtime.ts';
import { redisLeaseKeyPrefix } from '../../runtime/leases-runtime.ts';
import type { CliEnvironment } from '../cli-environment.ts';
import type { StatusSources } from './status-report.ts';

/** Everything a projections command works with, straight on the database: no running node is needed. */
export interface Session extends StatusSources {
  readonly env: CliEnvironment;
  readonly database: DatabaseRuntime;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
}

/** Opens the database (attaching to a running embedded server if there is one), the stores, and Redis if asked. */
export async function withSession<T>(
  env: CliEnvironment,
  work: (session: Session) => Promise<T>,
  options: { withLeases?: boolean } = {},
): Promise<T> {
  const { config, logger } = env;
  const masterKey = resolveMasterKey(config, logger);
  const database = await openDatabaseRuntime(config, logger, { purpose: 'command' });
  // Protected: a rebuild must read personal data decrypted, as the live runner does.
  const { eventStore, close: closeEventStore } = await openProtectedEventStore(
    config,
    logger,
    database,
    masterKey,
  );
  const redis =
    options.withLeases && config.redis.url
      ? openRedis({ url: config.redis.url, name: `tbot:${config.nodeId}:projections-cli`, logger })
      : null;
  const leases: LeaseManager | null = redis
    ? createRedisLeaseManager({ redis, nodeId: config.nodeId, keyPrefix: redisLeaseKeyPrefix(config) })
    : null;
  try {
    return await work({
      env,
      database,
      pool: database.pool,
      eventStore,
      projectionStore: createPostgresProjectionStore(database.pool),
      leases,
      projectors,
    });
  } finally {
    if (redis) await closeRedis(redis);
    await closeEventStore();
    await database.close();
    // `close` ends the pool through Kysely, which only owns it once it ran a query: this session never does,
    // and an idle pooled connection would keep the process alive for the pool's idle timeout (10 s).
    if (!database.pool.ending) await database.pool.end();
  }
}
