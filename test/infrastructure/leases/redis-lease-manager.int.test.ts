import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import anyTest, { type TestFn } from 'ava';
import type { Redis } from 'ioredis';
import { createRedisLeaseManager } from '../../../infrastructure/leases/index.ts';
import { closeRedis, openRedis } from '../../../infrastructure/redis/index.ts';
import {
  LONG_TTL_MS,
  type LeaseContractContext,
  leaseContract,
  onSchedule,
  uniqueLeaseName,
} from '../../application/ports/lease-contract.ts';

interface Context extends LeaseContractContext {
  redis: Redis;
  /** Clients of single tests, which disconnect them on purpose. */
  extra: Redis[];
}

const test = anyTest as TestFn<Context>;
const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const keyPrefix = `tbot:test:lease:${randomUUID()}:`;

test.before(async (t) => {
  t.context.redis = openRedis({ url, name: 'tbot-test-leases' });
  t.context.extra = [];
  await t.context.redis.ping();
  t.context.node = (nodeId) => createRedisLeaseManager({ redis: t.context.redis, nodeId, keyPrefix });
});

test.after.always(async (t) => {
  const { redis } = t.context;
  if (redis === undefined) return;
  await Promise.all(t.context.extra.map((client) => closeRedis(client)));
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
});

leaseContract(test as unknown as TestFn<LeaseContractContext>);

function extraClient(t: { context: Context }, name: string): Redis {
  const client = openRedis({ url, name });
  t.context.extra.push(client);
  return client;
}

test('keys lie under the configured prefix and hold the token', async (t) => {
  const name = uniqueLeaseName();
  const lease = await t.context.node('a').tryAcquire(name, LONG_TTL_MS);
  t.is(await t.context.redis.get(`${keyPrefix}${name}`), lease?.token ?? 'not acquired');
  const pttl = await t.context.redis.pttl(`${keyPrefix}${name}`);
  t.true(pttl > 0 && pttl <= LONG_TTL_MS);
});

test('a lease survives a short client reconnect', async (t) => {
  await onSchedule(t, async (tt, within) => {
    const client = extraClient(t, 'tbot-test-reconnect');
    await client.ping();
    const node = createRedisLeaseManager({ redis: client, nodeId: 'a', keyPrefix });
    const name = uniqueLeaseName();
    const before = Date.now();
    const lease = await node.tryAcquire(name, 300);
    if (lease === null) return tt.fail('not acquired');
    const reconnected = once(client, 'ready');
    client.disconnect(true);
    const during = await lease.renew();
    await reconnected;
    const after = await lease.renew();
    within(before, 250);
    tt.true(during, 'renewed across the reconnect');
    tt.true(after, 'renewed after the reconnect');
    tt.is((await tt.context.node('b').inspect(name))?.token, lease.token);
  });
});

test('renew returns false once Redis has forgotten the key, as a restarted empty Redis would', async (t) => {
  const name = uniqueLeaseName();
  const lease = await t.context.node('a').tryAcquire(name, 300);
  if (lease === null) return t.fail('not acquired');
  await t.context.redis.del(`${keyPrefix}${name}`);
  t.false(await lease.renew());
  await t.notThrowsAsync(lease.release());
  t.truthy(await t.context.node('b').tryAcquire(name, LONG_TTL_MS), 'free for others');
});

test('while Redis cannot be reached, renew holds until the local expiry and is lost after it', async (t) => {
  await onSchedule(t, async (tt, within) => {
    const client = extraClient(t, 'tbot-test-outage');
    await client.ping();
    const node = createRedisLeaseManager({ redis: client, nodeId: 'a', keyPrefix });
    const before = Date.now();
    const lease = await node.tryAcquire(uniqueLeaseName(), 200);
    if (lease === null) return tt.fail('not acquired');
    const grantedUntil = lease.expiresAt;
    client.disconnect(); // every command now fails at once
    await tt.throwsAsync(client.ping());
    const renewed = await lease.renew();
    within(before, 180);
    tt.true(renewed, 'an error before the local expiry does not lose the lease');
    tt.is(lease.expiresAt, grantedUntil, 'a failed renewal extends nothing');
    await sleep(Math.max(0, grantedUntil - Date.now()) + 10);
    tt.false(await lease.renew(), 'past the local expiry an error means lost');
    await client.connect();
    tt.false(await lease.renew(), 'and it stays lost when Redis is back');
    await tt.notThrowsAsync(lease.release());
  });
});

test('tryAcquire and inspect report a Redis that cannot be reached as an error, not as a free lease', async (t) => {
  const client = extraClient(t, 'tbot-test-down');
  await client.ping();
  client.disconnect();
  const node = createRedisLeaseManager({ redis: client, nodeId: 'a', keyPrefix });
  await t.throwsAsync(node.tryAcquire(uniqueLeaseName(), LONG_TTL_MS));
  await t.throwsAsync(node.inspect(uniqueLeaseName()));
});
