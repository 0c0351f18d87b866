import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LeaseManager } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createMemoryLeaseManager, createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { closeRedis, openRedis } from '../../infrastructure/redis/index.ts';

export interface LeasesRuntime {
  readonly leases: LeaseManager;
  /** The Redis client when REDIS_URL is set; `null` in single-node mode. */
  readonly redis: Redis | null;
  close(): Promise<void>;
}

/**
 * Where this deployment's leases live in Redis: under `REDIS_KEY_PREFIX`, so that deployments sharing one Redis
 * neither take nor see each other's leases. Nodes and `tbot projections status` must agree on it.
 */
export function redisLeaseKeyPrefix(config: Config): string {
  return `${config.redis.keyPrefix}lease:`;
}

/** Leases in Redis when the node runs in a cluster, in process otherwise (DESIGN.md, "Running"). */
export function openLeasesRuntime(config: Config, logger: Logger): LeasesRuntime {
  if (!config.redis.url) {
    logger.info('no REDIS_URL: leases are held in process (single node)');
    return {
      leases: createMemoryLeaseManager({ nodeId: config.nodeId }),
      redis: null,
      close: () => Promise.resolve(),
    };
  }
  const redis = openRedis({
    url: config.redis.url,
    name: `tbot:${config.nodeId}`,
    logger: logger.child({ component: 'redis' }),
  });
  return {
    leases: createRedisLeaseManager({
      redis,
      nodeId: config.nodeId,
      keyPrefix: redisLeaseKeyPrefix(config),
    }),
    redis,
    close: () => closeRedis(redis),
  };
}
