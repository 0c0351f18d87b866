import anyTest, { type TestFn } from 'ava';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { numbered, uniqueStream } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { freePort } from '../../../support/free-port.ts';
import { TEST_JWT_SECRET } from '../../../support/served-api.ts';
import { runTbot, serveTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';
import { logOrder, makeLookRestored } from '../../../support/restored-log.ts';

const test = anyTest as TestFn<{
  database: TestDatabase;
  store: PostgresEventStore;
  env: Record<string, string>;
  /** Event ids in the restored log's (transaction_id, position) order. */
  restoredOrder: string[];
}>;

test.before(async (t) => {
  const database = await createTestDatabase({ migrate: false });
  const env = {
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
  };
  t.context.database = database;
  t.context.env = env;
  const up = await runTbot(['migrate', 'up'], env);
  if (up.code !== 0) throw new Error(`tbot migrate up failed:\n${up.stderr}`);
  const store = createPostgresEventStore({ pool: database.pool, url: database.url });
  t.context.store = store;
  for (let i = 0; i < 4; i += 1) await store.append(uniqueStream('thing'), numbered(5, 'ThingCounted'));
  await store.append(uniqueStream('thing'), numbered(2, 'ThingCounted'), { idempotencyKey: 'restore-key' });
  // The audit read model is built and checkpointed, as on the cluster the backup came from.
  const rebuild = await runTbot(['projections', 'rebuild', 'audit', '--yes'], env);
  if (rebuild.code !== 0) throw new Error(`rebuild failed:\n${rebuild.stderr}`);
  // Restored from a busier cluster: every stored xid is far above this cluster's, and one event committed late
  // (its transaction's id is above those of events at higher positions).
  await makeLookRestored(database.pool);
  t.context.restoredOrder = await logOrder(database.pool);
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

test.serial(
  'tbot serve refuses a log restored from another cluster, naming tbot events renumber',
  async (t) => {
    const { env } = t.context;
    // On a TBot that does not check, `serve` starts and runs (its projections silently skip): killed at 45 s.
    const served = await runTbot(['serve'], { ...env, PORT: String(await freePort()) }, 45_000);
    t.is(served.code, 1, `${served.stdout}\n${served.stderr}`);
    t.regex(served.stderr, /holds transaction ids of another PostgreSQL cluster/);
    t.regex(served.stderr, /largest in es\.events is \d+/);
    t.regex(served.stderr, /run `tbot events renumber`/);
  },
);

test.serial('renumber asks for --yes off a terminal and refuses while a node runs', async (t) => {
  const { env, database, restoredOrder } = t.context;
  const unconfirmed = await runTbot(['events', 'renumber'], env);
  t.is(unconfirmed.code, 2, unconfirmed.stderr);
  t.regex(unconfirmed.stderr, /renumber needs confirmation: pass --yes/);

  await database.pool.query(
    `insert into cluster.nodes (node_id, host, pid, version, roles, started_at, heartbeat_at)
     values ('node-elsewhere', 'elsewhere', 42, '0.1.0', '{api}', now(), now())`,
  );
  try {
    const refused = await runTbot(['events', 'renumber', '--yes'], env);
    t.is(refused.code, 2, refused.stderr);
    t.regex(refused.stderr, /TBot is running on this database \(node-elsewhere \(elsewhere, pid 42\)\)/);
  } finally {
    await database.pool.query(`delete from cluster.nodes where node_id = 'node-elsewhere'`);
  }
  t.deepEqual(await logOrder(database.pool), restoredOrder, 'nothing was changed');
});

test.serial(
  'renumber keeps the log order, rebuilds the read models, and a new event reaches the audit log',
  async (t) => {
    const { env, database, store, restoredOrder } = t.context;
    const run = await runTbot(['events', 'renumber', '--yes', '--reason', 'restored from backup'], env);
    t.is(run.code, 0, run.stderr);
    t.regex(run.stdout, /renumbering 23 events; every read model \(audit, [a-z, -]+\) will then be rebuilt/);
    t.regex(run.stdout, /renumbered 23 events from \d+ transactions \(largest id before: \d+\); \d+ changed/);
    t.regex(run.stdout, /reset audit: the node that owns each rebuilds it from the start/);
    t.regex(run.stdout, /recorded EventLogRenumbered at position 24/);

    // Same order, positions 1..23 and every xid below this cluster's; the act recorded after them.
    const { rows } = await database.pool.query<{ event_id: string; position: string; below: boolean }>(
      `select event_id, position, transaction_id < pg_snapshot_xmax(pg_current_snapshot()) as below
       from es.events order by transaction_id, position`,
    );
    t.deepEqual(
      rows.slice(0, 23).map((row) => row.event_id),
      restoredOrder,
    );
    t.deepEqual(
      rows.map((row) => Number(row.position)),
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    t.true(rows.every((row) => row.below));
    const act = await database.pool.query<{
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }>(`select data, metadata from es.events where type = 'EventLogRenumbered'`);
    t.like(act.rows[0]?.data, { events: 23, projectionsReset: ['audit'] });
    t.like(act.rows[0]?.metadata, { actor: { kind: 'cli' }, source: 'cli', reason: 'restored from backup' });
    // The idempotency key still names its append's last event.
    const key = await store.findAppend('restore-key');
    const keyed = await database.pool.query<{ position: string }>(
      `select max(position)::text as position from es.events e
       join es.idempotency_keys k on k.stream_id = e.stream_id where k.key = 'restore-key'`,
    );
    t.is(key?.position, BigInt(keyed.rows[0]?.position ?? -1));
    t.true(key?.duplicate);

    const node = await serveTbot({ ...env, LOG_LEVEL: 'info', PORT: String(await freePort()) });
    t.teardown(() => node.stop());
    const fresh = await store.append(uniqueStream('after'), numbered(1, 'ThingCountedAfterRestore'));
    // Nothing lost, nothing twice: once caught up, the audit log is the log, in its order, the new event too.
    const caughtUp = await eventually(async () => {
      const [log, audit] = await Promise.all([
        logOrder(database.pool),
        database.pool.query<{ event_id: string }>('select event_id from core.audit_log order by position'),
      ]);
      const audited = audit.rows.map((row) => row.event_id);
      return audited.length === log.length && audited.every((id, i) => id === log[i]) ? audited : null;
    }, 20_000);
    t.truthy(caughtUp, 'the audit log caught up with the log');
    const freshId = await database.pool.query<{ event_id: string }>(
      'select event_id from es.events where position = $1',
      [String(fresh.position)],
    );
    t.true(
      caughtUp?.includes(freshId.rows[0]?.event_id ?? '') ?? false,
      'the new event reached the audit log',
    );
    t.deepEqual(caughtUp?.slice(0, 23), restoredOrder);
    t.is(new Set(caughtUp).size, caughtUp?.length ?? -1);
  },
);
