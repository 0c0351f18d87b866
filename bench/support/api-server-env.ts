/** What `bench/api.ts` tells the server it forks (`api-server.ts`), by environment variable. */
export const API_SERVER_ENV = {
  databaseUrl: 'BENCH_API_DATABASE_URL',
  /** Empty: no Redis (in-process rate limits and leases). */
  redisUrl: 'BENCH_API_REDIS_URL',
  redisKeyPrefix: 'BENCH_API_REDIS_PREFIX',
  adminPassword: 'BENCH_API_ADMIN_PASSWORD',
  poolMax: 'BENCH_API_POOL_MAX',
} as const;

/** The admin the bench logs in as; the server creates it at start when the database has no user. */
export const BENCH_ADMIN = 'admin';
