import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import { registerNode } from '../../../../infrastructure/cluster/index.ts';
import { createRedisLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { eventually } from '../../../support/eventually.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import {
  type EventStoreContext,
  type RedisContext,
  TEST_REDIS_URL,
  withEventStore,
} from '../../../support/event-store-fixture.ts';
import { type TcpTarget, startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { closeRedis, openRedis } from '../../../../infrastructure/redis/index.ts';
import { monitoringCommands } from '../monitoring-fixture.ts';
import {
  INTERVAL_MS,
  fastTiming,
  intoQuietPart,
  startTestScheduler,
  stateChanges,
} from './scheduler-fixture.ts';

type Context = EventStoreContext & RedisContext & { targets: TcpTarget[] };
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 12 });

const keyPrefix = `tbot:test:scheduler-takeover:${randomUUID()}:`;
/** Enough checks that both nodes' halves of the partitions hold some (all on one: 2 × 2^-12). */
const CHECKS = 12;

test.before(async (t) => {
  t.context.redis = openRedis({ url: TEST_REDIS_URL, name: 'tbot-test-scheduler-takeover' });
  await t.context.redis.ping();
  t.context.targets = await Promise.all(Array.from({ length: CHECKS }, () => startTcpTarget()));
});

test.after.always(async (t) => {
  await Promise.all((t.context.targets ?? []).map((target) => target.close()));
  const { redis } = t.context;
  if (redis) {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
  }
});

interface Row {
  slot: number;
  status: string;
  epoch: number;
}

test('a node that stops hands its partitions over: the checks go on on the other, no slot probed twice', async (t) => {
  const { store, database, redis, targets } = t.context;
  const { servers } = monitoringCommands(store);
  const checkIds: string[] = [];
  for (const [i, target] of targets.entries()) {
    const { serverId } = await servers.register(
      {
        name: `app${i}`,
        host: '127.0.0.1',
        checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
      },
      { metadata },
    );
    const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    checkIds.push(registered?.data.checks[0]?.checkId ?? '');
  }
  const startNode = async (nodeId: string) => {
    const registration = await registerNode(database.pool, { nodeId, version: 'test', roles: ['workers'] });
    const { running } = startTestScheduler({
      nodeId,
      database,
      store,
      leases: createRedisLeaseManager({ redis, nodeId, keyPrefix }),
      redisUrl: TEST_REDIS_URL,
      leaseTtlMs: 3000,
    });
    return { registration, running };
  };
  const a = await startNode('node-a');
  const b = await startNode('node-b');
  const rowsOf = async (checkId: string): Promise<Row[]> =>
    (
      await database.pool.query<Row>(
        `select slot::float8 as slot, status, partition_epoch::float8 as epoch
           from monitoring.check_results where check_id = $1 order by slot`,
        [checkId],
      )
    ).rows;
  const everyCheck = async (enough: (rows: Row[]) => boolean) => {
    for (const checkId of checkIds) if (!enough(await rowsOf(checkId))) return false;
    return true;
  };
  // Filled in while both run, read after both stopped.
  const seen = { stopSlot: 0, onA: 0, partitionsOfA: new Set<number>() };
  try {
    const split = await eventually(
      () => a.running.scheduler.scheduled() + b.running.scheduler.scheduled() === CHECKS,
      15_000,
    );
    t.true(split, 'the two nodes share every check');
    const onA = a.running.scheduler.scheduled();
    seen.onA = onA;
    t.true(onA > 0 && onA < CHECKS, `node a runs ${onA} of ${CHECKS}`);
    t.true(await eventually(() => everyCheck((rows) => rows.length >= 2), INTERVAL_MS * 4, 200));

    // Stopped between two slots' runs: its slot has run, the next is the other node's.
    await intoQuietPart();
    seen.partitionsOfA = new Set(
      (
        await database.pool.query<{ partition: number }>(
          `select partition from monitoring.scheduler_partitions where owner = 'node-a'`,
        )
      ).rows.map((row) => row.partition),
    );
    await a.running.stop();
    await a.registration.stop();
    const stopSlot = Math.floor(Date.now() / INTERVAL_MS);
    seen.stopSlot = stopSlot;
    t.true(await eventually(() => b.running.scheduler.scheduled() === CHECKS, 15_000), 'node b took over');
    const owners = await database.pool.query<{ owner: string; n: number }>(
      'select owner, count(*)::int as n from monitoring.scheduler_partitions group by owner',
    );
    t.deepEqual(owners.rows, [{ owner: 'node-b', n: 64 }]);
    t.true(
      await eventually(
        () => everyCheck((rows) => rows.some((row) => row.slot >= stopSlot + 2)),
        INTERVAL_MS * 4,
        200,
      ),
      'every check goes on after the stop',
    );
    await intoQuietPart();
  } finally {
    await a.running.stop();
    await b.running.stop();
    await a.registration.stop();
    await b.registration.stop();
  }

  let movedChecks = 0;
  for (const [i, checkId] of checkIds.entries()) {
    const rows = await rowsOf(checkId);
    const slots = rows.map((row) => row.slot);
    // Each run opened one connection: as many as recorded slots means no slot was probed twice.
    t.is(targets[i]?.accepted(), rows.length, `check ${i}: connections vs slots ${slots.join(', ')}`);
    t.true(
      rows.every((row) => row.status === 'up'),
      `check ${i} up throughout`,
    );
    const after = slots.filter((slot) => slot > seen.stopSlot);
    t.deepEqual(
      after,
      after.map((_, k) => (after[0] ?? 0) + k),
      `check ${i}: no slot missed after the takeover`,
    );
    // A check of node a's partitions at the stop is written under a newer epoch after it than before.
    if (seen.partitionsOfA.has(checkPartitionOf(checkId))) {
      const before = rows.filter((row) => row.slot <= seen.stopSlot).at(-1);
      const last = rows.at(-1);
      t.true(
        before !== undefined && last !== undefined && last.epoch > before.epoch,
        `check ${i} of node a moved: epochs ${rows.map((row) => row.epoch).join(', ')}`,
      );
      movedChecks += 1;
    }
    // One state change (its first UP): no decision was appended twice by two nodes.
    t.deepEqual(
      (await stateChanges(store, checkId)).map((event) => event.type),
      ['CheckWentUp'],
    );
  }
  // Node a's partitions are read just before its stop, not when `onA` was counted: with a 3 s lease on a
  // loaded machine a partition may change hands between the two (seen once: 7 moved of 8).
  t.true(movedChecks >= 1, `${movedChecks} moved, ${seen.onA} on node a`);
});
