import type { Redis } from 'ioredis';
import type { HealthProbe } from '../../application/health/index.ts';

/** Redis answers PING. */
export function redisProbe(redis: Redis): HealthProbe {
  return {
    name: 'redis',
    async check() {
      await redis.ping();
    },
  };
}
