import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { InspectableRateLimiter, RateLimitDecision } from '../../application/ports/index.ts';

export interface RateLimiterOptions {
  /** Names the budget in its store keys (`api-ip`). */
  readonly name: string;
  /** Requests allowed per window per key. */
  readonly points: number;
  readonly durationSeconds: number;
  /**
   * Counts in Redis (shared by every node) when given; in process otherwise. The client is the node's, with
   * its key prefix (`config.redis.keyPrefix`): keys are `<keyPrefix>ratelimit:<name>:<key>`.
   */
  readonly redis?: { readonly client: Redis; readonly keyPrefix: string } | null;
}

/**
 * A rate limiter in Redis with an in-memory insurance limiter, or in memory alone. While Redis is not
 * connected (or a command fails) each node counts in its own memory instead (DESIGN.md, "Bad input and
 * faults"): limits stay enforced, per node, until Redis is back.
 */
export function createRateLimiter(options: RateLimiterOptions): InspectableRateLimiter {
  const { points, durationSeconds: duration } = options;
  const keyPrefix = `${options.redis?.keyPrefix ?? ''}ratelimit:${options.name}`;
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  const limiter = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis.client,
        keyPrefix,
        points,
        duration,
        // Straight to the insurance limiter while disconnected, instead of every request waiting for the
        // client's offline queue to give up.
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;

  const decision = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
    allowed,
    limit: points,
    remaining: res.remainingPoints,
    resetMs: res.msBeforeNext,
  });

  return {
    points,
    durationSeconds: duration,
    async consume(key) {
      try {
        return decision(await limiter.consume(key), true);
      } catch (rejection) {
        // Over the limit is a rejection with the counts; anything else is a failure of both stores.
        if (rejection instanceof RateLimiterRes) return decision(rejection, false);
        throw rejection;
      }
    },
    async blockedFor(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= points ? Math.max(1, res.msBeforeNext) : null;
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
