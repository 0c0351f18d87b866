import anyTest, { type TestFn } from 'ava';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { monitoringCommands } from '../../../application/monitoring/monitoring-fixture.ts';
import { fastTiming, intoQuietPart } from '../../../application/monitoring/scheduler/scheduler-fixture.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TcpTarget, startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { type ServedApi, startServedApi } from '../../../support/served-api.ts';

// Two `tbot serve` processes on one database and Redis; the first is killed (SIGKILL: no release, no
// goodbye). Its partitions move to the other once their leases and its heartbeat run out.
interface Context {
  api: ServedApi;
  store: PostgresEventStore;
  targets: TcpTarget[];
}
const test = anyTest as TestFn<Context>;
const CHECKS = 12;
const INTERVAL_MS = fastTiming.intervalSeconds * 1000;

test.before(async (t) => {
  t.context.targets = await Promise.all(Array.from({ length: CHECKS }, () => startTcpTarget()));
  t.context.api = await startServedApi();
  const { database } = t.context.api;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.api?.stop();
  await Promise.all((t.context.targets ?? []).map((target) => target.close()));
});

interface Row {
  slot: number;
  epoch: number;
}

test('the node running a partition is killed: the checks go on on the other node, no slot probed twice', async (t) => {
  const { api, store, targets } = t.context;
  const { servers } = monitoringCommands(store);
  const checkIds: string[] = [];
  for (const [i, target] of targets.entries()) {
    const { serverId } = await servers.register(
      {
        name: `web${i}`,
        host: '127.0.0.1',
        checks: [{ definition: { kind: 'tcp', port: target.port }, timing: fastTiming }],
      },
      { metadata },
    );
    const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    checkIds.push(registered?.data.checks[0]?.checkId ?? '');
  }
  const other = await api.serveAnotherNode();
  const rowsOf = async (checkId: string): Promise<Row[]> =>
    (
      await api.database.pool.query<Row>(
        `select slot::float8 as slot, partition_epoch::float8 as epoch
           from monitoring.check_results where check_id = $1 order by slot`,
        [checkId],
      )
    ).rows;
  const everyCheck = async (enough: (rows: Row[]) => boolean) => {
    for (const checkId of checkIds) if (!enough(await rowsOf(checkId))) return false;
    return true;
  };
  const owners = async () =>
    (
      await api.database.pool.query<{ owner: string; n: number }>(
        'select owner, count(*)::int as n from monitoring.scheduler_partitions group by owner',
      )
    ).rows;
  // Both nodes hold their half (32 each) and every check has run twice.
  t.true(
    await eventually(async () => (await owners()).filter((row) => row.n === 32).length === 2, 40_000, 500),
    JSON.stringify(await owners()),
  );
  t.true(await eventually(() => everyCheck((rows) => rows.length >= 2), INTERVAL_MS * 4, 500));

  await intoQuietPart();
  const ownerBefore = new Map(
    (
      await api.database.pool.query<{ partition: number; owner: string }>(
        'select partition, owner from monitoring.scheduler_partitions',
      )
    ).rows.map((row) => [row.partition, row.owner]),
  );
  const killed = await api.node.stop('SIGKILL');
  t.is(killed.signal, 'SIGKILL');
  const killSlot = Math.floor(Date.now() / INTERVAL_MS);
  // Lease TTL and live window (15 s each) pass, then a round: every check runs again, two slots on.
  t.true(
    await eventually(() => everyCheck((rows) => rows.some((row) => row.slot >= killSlot + 2)), 60_000, 500),
    'every check goes on on the surviving node',
  );
  const survivors = await owners();
  t.is(survivors.length, 1, 'one node holds every partition');
  t.is(survivors[0]?.n, 64);
  await intoQuietPart();
  await other.stop();

  let moved = 0;
  for (const [i, checkId] of checkIds.entries()) {
    const rows = await rowsOf(checkId);
    t.is(
      targets[i]?.accepted(),
      rows.length,
      `check ${i}: one connection per recorded slot (${rows.map((row) => row.slot).join(', ')})`,
    );
    // An older holder wrote nothing after a newer one: the epochs never go back from slot to slot.
    const epochs = rows.map((row) => row.epoch);
    t.deepEqual(
      epochs,
      epochs.toSorted((x, y) => x - y),
      `check ${i}: epochs by slot ${epochs.join(', ')}`,
    );
    // A check of the killed node's partitions is written under a newer epoch after the kill than before it.
    const before = rows.filter((row) => row.slot <= killSlot).at(-1);
    const after = rows.filter((row) => row.slot > killSlot).at(-1);
    const killedNodes = ownerBefore.get(checkPartitionOf(checkId)) !== survivors[0]?.owner;
    if (killedNodes) {
      t.true(
        before !== undefined && after !== undefined && after.epoch > before.epoch,
        `check ${i} of the killed node moved: epochs ${epochs.join(', ')}`,
      );
      moved += 1;
    }
    t.deepEqual(
      (await store.readStream(`monitoring-check-${checkId}`)).map((event) => event.type),
      ['CheckWentUp'],
    );
  }
  t.true(moved > 0, 'some checks were the killed node’s');
});
