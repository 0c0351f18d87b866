import { randomUUID } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import { pino } from 'pino';
import type { RateLimiter } from '../../../application/ports/index.ts';
import { createRateLimiter } from '../../../infrastructure/rate-limits/index.ts';
import { closeRedis, openRedis } from '../../../infrastructure/redis/index.ts';
import { errorHandler } from '../../../interfaces/http/error-handler.ts';
import { type ApiRateLimits, rateLimit } from '../../../interfaces/http/index.ts';
import { serveKoa } from './serve-koa.ts';

const test = anyTest as TestFn<{ redis: Redis; keyPrefix: string }>;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

test.before(async (t) => {
  t.context.redis = openRedis({ url: REDIS_URL, name: 'tbot-test-rate-limit' });
  t.context.keyPrefix = `tbot:test:${randomUUID()}:`;
  await t.context.redis.ping();
});

test.after.always(async (t) => {
  const { redis } = t.context;
  if (redis === undefined) return;
  const keys = await redis.keys(`${t.context.keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

/** An app behind the rate limit whose requests name their user in `X-Test-User` (as auth would set it). */
async function limitedApp(t: ExecutionContext, limits: ApiRateLimits) {
  const logger = pino({ level: 'silent' });
  const app = new Koa();
  app.use(errorHandler(logger));
  app.use(async (ctx, next) => {
    const user = ctx.get('X-Test-User');
    if (user) ctx.state['user'] = { id: user };
    await next();
  });
  app.use(rateLimit(limits, logger));
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  const served = await serveKoa(app);
  t.teardown(() => served.close());
  return (user?: string) => fetch(served.baseUrl, user ? { headers: { 'X-Test-User': user } } : {});
}

const memory = (points: number, name = 'api-ip'): RateLimiter =>
  createRateLimiter({ name, points, durationSeconds: 60 });

const lots = (): RateLimiter => memory(1000, 'api-user');

test('lets requests through within the limit, with RateLimit headers', async (t) => {
  const get = await limitedApp(t, { perIp: memory(5), perUser: lots() });
  const response = await get();
  t.is(response.status, 200);
  t.is(response.headers.get('ratelimit-limit'), '5');
  t.is(response.headers.get('ratelimit-remaining'), '4');
  t.is(response.headers.get('ratelimit-policy'), '5;w=60');
  const reset = Number(response.headers.get('ratelimit-reset'));
  t.true(reset >= 1 && reset <= 60);
});

test('answers 429 with Retry-After over the limit, in memory', async (t) => {
  const get = await limitedApp(t, { perIp: memory(2), perUser: lots() });
  t.deepEqual(await statuses(get, 3), [200, 200, 429]);
  await assertTooManyRequests(t, await get());
});

test('counts in Redis, across nodes sharing it', async (t) => {
  const { redis, keyPrefix } = t.context;
  const limiter = () =>
    createRateLimiter({
      name: 'api-ip',
      points: 2,
      durationSeconds: 60,
      redis: { client: redis, keyPrefix },
    });
  const nodeA = await limitedApp(t, { perIp: limiter(), perUser: lots() });
  const nodeB = await limitedApp(t, { perIp: limiter(), perUser: lots() });
  t.deepEqual(await statuses(nodeA, 2), [200, 200]);
  await assertTooManyRequests(t, await nodeB());
  const keys = await redis.keys(`${keyPrefix}ratelimit:api-ip:*`);
  t.is(keys.length, 1);
  t.is(await redis.get(keys[0] ?? ''), '3');
});

test('still limits in memory while Redis is unreachable', async (t) => {
  const unreachable = openRedis({ url: 'redis://127.0.0.1:1', name: 'tbot-test-rate-limit-down' });
  t.teardown(() => closeRedis(unreachable));
  const limiter = createRateLimiter({
    name: 'api-ip',
    points: 2,
    durationSeconds: 60,
    redis: { client: unreachable, keyPrefix: t.context.keyPrefix },
  });
  const get = await limitedApp(t, { perIp: limiter, perUser: lots() });
  const started = performance.now();
  t.deepEqual(await statuses(get, 3), [200, 200, 429]);
  // Straight to the insurance limiter: no request waits for the dead connection (ioredis would hold each
  // command for its reconnection attempts, seconds at least; the bound is that, not a speed).
  t.true(performance.now() - started < 5000);
  await assertTooManyRequests(t, await get());
});

test('limits each authenticated user on a budget of its own', async (t) => {
  const get = await limitedApp(t, { perIp: memory(100), perUser: memory(2, 'api-user') });
  t.deepEqual(await statuses(() => get('anna'), 3), [200, 200, 429]);
  const other = await get('boris');
  t.is(other.status, 200);
  t.is(other.headers.get('ratelimit-remaining'), '1', 'the tighter budget is reported');
  t.is((await get()).status, 200, 'anonymous requests count by address only');
});

test('lets requests through when the limiter itself fails', async (t) => {
  const broken: RateLimiter = {
    points: 1,
    durationSeconds: 60,
    consume: () => Promise.reject(new Error('boom')),
  };
  const get = await limitedApp(t, { perIp: broken, perUser: lots() });
  t.is((await get()).status, 200);
});

async function statuses(get: () => Promise<Response>, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await get();
    await response.arrayBuffer();
    result.push(response.status);
  }
  return result;
}

async function assertTooManyRequests(t: ExecutionContext, response: Response): Promise<void> {
  t.is(response.status, 429);
  const retryAfter = Number(response.headers.get('retry-after'));
  t.true(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  t.is(response.headers.get('ratelimit-remaining'), '0');
  t.is(response.headers.get('content-type'), 'application/problem+json');
  t.like(await response.json(), { status: 429, code: 'HTTP.TOO_MANY_REQUESTS', title: 'Too Many Requests' });
}
