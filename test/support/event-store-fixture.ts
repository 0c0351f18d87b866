import { randomUUID } from 'node:crypto';
import type { TestFn } from 'ava';
import { Redis } from 'ioredis';
import { type PostgresEventStore, createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { createPostgresProjectionStore } from '../../infrastructure/projections/index.ts';
import type { ProjectionStore } from '../../projections/index.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

/** The Redis integration tests use; CI and developers' machines run it here. */
export const TEST_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** What `withEventStore` keeps in `t.context`. */
export interface EventStoreContext {
  database: TestDatabase;
  store: PostgresEventStore;
}

/** What `withProjectionStore` keeps in `t.context`. */
export interface ProjectionStoreContext extends EventStoreContext {
  projections: ProjectionStore;
}

/** What `withRedis` keeps in `t.context`. */
export interface RedisContext {
  redis: Redis;
}

export interface EventStoreFixtureOptions {
  /** Connections of the test database's pool (`createTestDatabase`'s default unless given). */
  readonly poolMax?: number;
  /** How often subscriptions poll besides LISTEN (the store's default unless given). */
  readonly pollIntervalMs?: number;
}

/**
 * Gives the test file a fresh database and a PostgreSQL event store on it in `t.context`, and closes and drops
 * them after the last test. Call it before the file's own `test.before`: its hook is serial, and ava starts a
 * hook declared after a serial one only once that is done, so the file's hook finds the store.
 */
export function withEventStore<C extends EventStoreContext>(
  test: TestFn<C>,
  options: EventStoreFixtureOptions = {},
): void {
  test.serial.before(async (t) => {
    t.context.database = await createTestDatabase(
      options.poolMax === undefined ? {} : { poolMax: options.poolMax },
    );
    t.context.store = createPostgresEventStore({
      pool: t.context.database.pool,
      url: t.context.database.url,
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    });
  });
  test.after.always(async (t) => {
    // Optional chaining: a failed `before` may have left either unset.
    await t.context.store?.close();
    await t.context.database?.drop();
  });
}

/** `withEventStore`, and a PostgreSQL projection store on the same database in `t.context.projections`. */
export function withProjectionStore<C extends ProjectionStoreContext>(
  test: TestFn<C>,
  options: EventStoreFixtureOptions = {},
): void {
  withEventStore(test, options);
  test.serial.before((t) => {
    t.context.projections = createPostgresProjectionStore(t.context.database.pool);
  });
}

/**
 * Gives the test file a Redis client in `t.context.redis` and a key prefix of its own, which it returns: keys
 * the file writes under the prefix are deleted after the last test.
 */
export function withRedis<C extends RedisContext>(test: TestFn<C>): string {
  const keyPrefix = `tbot-test:${randomUUID()}:`;
  test.before((t) => {
    t.context.redis = new Redis(TEST_REDIS_URL);
  });
  test.after.always(async (t) => {
    const keys = (await t.context.redis?.keys(`${keyPrefix}*`)) ?? [];
    if (keys.length > 0) await t.context.redis.del(...keys);
    t.context.redis?.disconnect();
  });
  return keyPrefix;
}
