import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import anyTest, { type TestFn } from 'ava';
import type { Redis } from 'ioredis';
import {
  CHECK_PARTITION_COUNT,
  type HeldPartition,
  type PartitionChange,
  checkPartitionOf,
} from '../../../../application/ports/check-partitions.ts';
import { createRedisLeaseManager } from '../../../../infrastructure/leases/index.ts';
import {
  type PartitionHolder,
  countLiveNodes,
  createPartitionHolder,
  liveNodeHoldings,
} from '../../../../infrastructure/monitoring/partitions/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { closeRedis, openRedis } from '../../../../infrastructure/redis/index.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  redis: Redis;
  holders: PartitionHolder[];
  /** The nodes the holders count as live: a fake, so no assertion depends on how fast a loaded machine runs. */
  live: Set<string>;
  byId: Map<string, PartitionHolder>;
}

const test = anyTest.serial as TestFn<Context>;
const keyPrefix = `tbot:test:partitions:${randomUUID()}:`;
// Long enough that no lease lapses between two rounds however loaded the machine: only the takeover test waits
// for one to lapse, and it waits with `eventually`.
const TTL_MS = 10_000;
const TAKEOVER_TTL_MS = 3_000;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 8 });
  t.context.redis = openRedis({
    url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    name: 'tbot-test-partitions',
  });
  await t.context.redis.ping();
});

test.beforeEach(async (t) => {
  t.context.holders = [];
  t.context.live = new Set();
  t.context.byId = new Map();
  await t.context.database.pool.query('delete from cluster.nodes');
});

test.afterEach.always(async (t) => {
  await Promise.all(t.context.holders.map((holder) => holder.stop()));
});

test.after.always(async (t) => {
  const { redis } = t.context;
  if (redis) {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
  }
  await t.context.database?.drop();
});

/** A node of the test: its heartbeat row in `cluster.nodes` (beaten by hand) and its partition holder. */
function node(t: { context: Context; title: string }, nodeId: string, ttlMs = TTL_MS) {
  const { pool } = t.context.database;
  const { live } = t.context;
  live.add(nodeId);
  const holder = createPartitionHolder({
    nodeId,
    pool,
    leases: createRedisLeaseManager({ redis: t.context.redis, nodeId, keyPrefix: `${keyPrefix}${t.title}:` }),
    liveNodes: () => Promise.resolve(live.size),
    liveHoldings: () => Promise.resolve([...live].map((id) => t.context.byId.get(id)?.held().length ?? 0)),
    leaseTtlMs: ttlMs,
    logger: captureLogger(),
  });
  t.context.holders.push(holder);
  t.context.byId.set(nodeId, holder);
  const changes: PartitionChange[] = [];
  holder.onChange((change) => changes.push(change));
  const beat = () =>
    pool.query(
      `insert into cluster.nodes (node_id, host, pid, version, roles, started_at, heartbeat_at)
       values ($1, 'test', 1, 'test', '{workers}', now(), now())
       on conflict (node_id) do update set heartbeat_at = now(), stopped_at = null`,
      [nodeId],
    );
  return {
    holder,
    changes,
    /** What a live node does each tick: beat, then a round. */
    async tick() {
      await beat();
      return holder.rebalance();
    },
    beat,
  };
}

type TestNode = ReturnType<typeof node>;

/** Every node beats first (all are seen live), then each runs a round, `rounds` times. */
async function rounds(nodes: readonly TestNode[], times = 2) {
  for (let i = 0; i < times; i += 1) {
    await Promise.all(nodes.map((n) => n.beat()));
    for (const n of nodes) await n.holder.rebalance();
  }
}

const partitionsOf = (n: TestNode) => n.holder.held().map((p) => p.partition);

/** Each partition held by exactly one node. */
function assertCovered(
  t: { deepEqual: (a: unknown, b: unknown, m?: string) => void },
  nodes: readonly TestNode[],
) {
  const all = nodes.flatMap(partitionsOf).sort((a, b) => a - b);
  t.deepEqual(
    all,
    Array.from({ length: CHECK_PARTITION_COUNT }, (_, i) => i),
    'every partition once',
  );
}

async function epochsInDatabase(t: {
  context: Context;
}): Promise<Map<number, { epoch: number; owner: string }>> {
  const { rows } = await t.context.database.pool.query<{ partition: number; epoch: string; owner: string }>(
    'select partition, epoch, owner from monitoring.scheduler_partitions',
  );
  return new Map(rows.map((row) => [row.partition, { epoch: Number(row.epoch), owner: row.owner }]));
}

test('live nodes are the workers that beat within the window and did not stop', async (t) => {
  const { pool } = t.context.database;
  await pool.query(
    `insert into cluster.nodes (node_id, host, pid, version, roles, started_at, heartbeat_at, stopped_at) values
       ('worker-live', 'test', 1, 'test', '{workers}', now(), now(), null),
       ('worker-both', 'test', 1, 'test', '{api,workers}', now(), now(), null),
       ('api-only', 'test', 1, 'test', '{api,bot}', now(), now(), null),
       ('worker-stopped', 'test', 1, 'test', '{workers}', now(), now(), now()),
       ('worker-silent', 'test', 1, 'test', '{workers}', now(), now() - interval '1 hour', null)`,
  );
  t.is(await countLiveNodes(pool, { windowMs: 60_000, role: 'workers' }), 2);
  t.is(await countLiveNodes(pool, { windowMs: 60_000 }), 3);
});

test('the live holdings are the partitions each live worker owns, none for one that owns nothing', async (t) => {
  const { pool } = t.context.database;
  await pool.query(
    `insert into cluster.nodes (node_id, host, pid, version, roles, started_at, heartbeat_at, stopped_at) values
       ('owner-live', 'test', 1, 'test', '{workers}', now(), now(), null),
       ('joined', 'test', 1, 'test', '{workers}', now(), now(), null),
       ('owner-stopped', 'test', 1, 'test', '{workers}', now(), now(), now())`,
  );
  await pool.query(`update monitoring.scheduler_partitions set owner = null`);
  await pool.query(`update monitoring.scheduler_partitions set owner = 'owner-live' where partition < 3`);
  await pool.query(`update monitoring.scheduler_partitions set owner = 'owner-stopped' where partition = 3`);
  const held = await liveNodeHoldings(pool, { windowMs: 60_000, role: 'workers' });
  t.deepEqual(
    [...held].sort((x, y) => x - y),
    [0, 3],
  );
});

test('a ninth node joining eight holders of eight gets work, and every node keeps at least floor(64/9)', async (t) => {
  const eight = Array.from({ length: 8 }, (_, i) => node(t, `node-${i}`));
  await rounds(eight);
  for (const n of eight) t.is(n.holder.held().length, 8);
  const ninth = node(t, 'node-9');
  const nine = [...eight, ninth];
  await rounds(nine, 3);
  assertCovered(t, nine);
  t.true(ninth.holder.held().length > 0, 'the ninth node runs checks');
  for (const n of nine) {
    const count = n.holder.held().length;
    t.true(count >= 7 && count <= 8, `${count} held`);
  }
});

test('a node holds its fair share: all alone, then half, then a third as nodes join', async (t) => {
  const a = node(t, 'node-a');
  await a.tick();
  t.is(a.holder.held().length, 64);
  t.is(a.changes.at(-1)?.acquired.length, 64);

  const b = node(t, 'node-b');
  await rounds([a, b]);
  t.is(a.holder.held().length, 32);
  t.is(b.holder.held().length, 32);
  assertCovered(t, [a, b]);

  const c = node(t, 'node-c');
  await rounds([a, b, c]);
  for (const n of [a, b, c]) t.true(n.holder.held().length <= 22, `${n.holder.held().length} held`);
  assertCovered(t, [a, b, c]);
  // Node a was told of every partition it gave up.
  const givenUp = a.changes.flatMap((change) => change.released).length;
  t.is(givenUp, 64 - a.holder.held().length);

  // The database's epochs and owners are the holders' own.
  const stored = await epochsInDatabase(t);
  for (const [id, n] of [
    ['node-a', a],
    ['node-b', b],
    ['node-c', c],
  ] as const) {
    for (const { partition, epoch } of n.holder.held()) {
      t.deepEqual(stored.get(partition), { epoch, owner: id });
    }
  }
});

test('a node that stops renewing loses its partitions to the others, and its late results are refused', async (t) => {
  const { pool } = t.context.database;
  const a = node(t, 'node-a', TAKEOVER_TTL_MS);
  const b = node(t, 'node-b', TAKEOVER_TTL_MS);
  await rounds([a, b]);
  assertCovered(t, [a, b]);
  const stale: readonly HeldPartition[] = a.holder.held();

  // Node a freezes: no heartbeat, no renewal (its heartbeat ages out of the live ones). Node b keeps ticking
  // until a's leases lapse and it holds everything.
  t.context.live.delete('node-a');
  const takenOver = await eventually(async () => {
    await b.tick();
    await sleep(TAKEOVER_TTL_MS / 3);
    return b.holder.held().length === 64;
  }, 20_000);
  t.true(takenOver, `node b holds ${b.holder.held().length} after node a stopped`);
  const now = new Map(b.holder.held().map((p) => [p.partition, p.epoch]));
  for (const { partition, epoch } of stale) t.true((now.get(partition) ?? 0) > epoch);

  // Node a wakes up still believing it holds its partitions, probes once, and writes: refused.
  const [first] = stale;
  if (!first) return t.fail('node a held nothing');
  t.true(a.holder.holds(first.partition, first.epoch), 'the stale view is local only');
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  let checkId = randomUUID();
  while (checkPartitionOf(checkId) !== first.partition) checkId = randomUUID();
  const slot = Math.floor(Date.now() / 60_000);
  const record = (epoch: number) =>
    results.record({
      partition: first.partition,
      epoch,
      results: [
        {
          checkId,
          serverId: randomUUID(),
          slot,
          intervalSeconds: 60,
          startedAt: new Date(),
          status: 'down',
          latencyMs: null,
          message: `epoch ${epoch}`,
        },
      ],
    });
  t.deepEqual(await record(first.epoch), { written: false });
  t.deepEqual(await record(now.get(first.partition) ?? -1), {
    written: true,
    recorded: 1,
    duplicates: 0,
    rejected: [],
  });

  // Its next round finds the leases lost: it says so, and the two share again.
  t.context.live.add('node-a');
  const woke = await a.tick();
  t.is(woke?.released.length, stale.length);
  t.false(a.holder.holds(first.partition, first.epoch));
  await rounds([a, b]);
  t.is(a.holder.held().length, 32);
  assertCovered(t, [a, b]);
});

test('a node that stops cleanly hands its partitions over at once', async (t) => {
  const a = node(t, 'node-a');
  const b = node(t, 'node-b');
  await rounds([a, b]);
  const aHeld = a.holder.held().length;
  t.is(aHeld, 32);
  await a.holder.stop();
  await t.context.database.pool.query(`update cluster.nodes set stopped_at = now() where node_id = 'node-a'`);
  t.context.live.delete('node-a');
  t.deepEqual(a.changes.at(-1)?.released.length, aHeld);
  t.deepEqual(a.holder.held(), []);
  // No wait for a lease to lapse: the released ones are free on b's next round.
  await b.tick();
  t.is(b.holder.held().length, 64);
});
