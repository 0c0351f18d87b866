import type Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { IdempotencyKeys } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createHttpMetrics } from '../../infrastructure/metrics/http-metrics.ts';
import { createRateLimiter } from '../../infrastructure/rate-limits/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import type { CurrentUsers } from '../http/auth/index.ts';
import { type ApiRateLimits, type RunningHttpServer, createHttpApp, startHttpServer } from '../http/index.ts';
import type { HealthRuntime } from './health-runtime.ts';

/** Where rate limits count: in Redis under `REDIS_KEY_PREFIX` (across nodes), or null (this process alone). */
export type RateLimitStore = { readonly client: Redis; readonly keyPrefix: string } | null;

/** The rate limits' store of a node: its Redis when it has one (login throttle and API budgets share it). */
export function rateLimitStore(config: Config, redis: Redis | null): RateLimitStore {
  return redis ? { client: redis, keyPrefix: config.redis.keyPrefix } : null;
}

export interface HttpRuntimeDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly version: string;
  readonly health: HealthRuntime;
  readonly metrics: Registry;
  readonly rateLimits: RateLimitStore;
  readonly idempotencyKeys: IdempotencyKeys;
  readonly jwtSecret: string;
  readonly currentUsers: CurrentUsers;
  /** Routes outside `/api/v1` (the Telegram webhook). */
  readonly routers: readonly Router[];
  /** Every feature's routes under `/api/v1`. */
  readonly features: readonly ApiFeature[];
}

/** The per-address and per-user budgets of the API. */
function apiRateLimits(config: Config, redis: RateLimitStore): ApiRateLimits {
  return {
    perIp: createRateLimiter({
      name: 'api-ip',
      points: config.http.rateLimitPerIpPerMinute,
      durationSeconds: 60,
      redis,
    }),
    perUser: createRateLimiter({
      name: 'api-user',
      points: config.http.rateLimitPerUserPerMinute,
      durationSeconds: 60,
      redis,
    }),
  };
}

/** The HTTP application on every feature's routes, listening on `HOST:PORT`. */
export async function startHttpRuntime(deps: HttpRuntimeDeps): Promise<RunningHttpServer> {
  const { config, logger } = deps;
  const app = createHttpApp({
    logger,
    version: deps.version,
    idempotencyKeys: {
      keys: deps.idempotencyKeys,
      retentionDays: () => config.idempotency.retentionDays,
      onStatusError: (error) => logger.warn({ err: error }, 'idempotency key status not recorded'),
    },
    healthReport: deps.health.healthReport,
    readinessReport: deps.health.readinessReport,
    metrics: deps.metrics,
    httpMetrics: createHttpMetrics(deps.metrics),
    apiRateLimits: apiRateLimits(config, deps.rateLimits),
    publicUrl: config.http.publicUrl,
    trustProxy: config.http.trustProxy,
    jwtSecret: deps.jwtSecret,
    currentUsers: deps.currentUsers,
    routers: deps.routers,
    features: deps.features,
  });
  return startHttpServer(app, config.http.host, config.http.port);
}
