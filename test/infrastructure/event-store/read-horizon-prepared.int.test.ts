import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import pg from 'pg';
import {
  type PostgresEventStore,
  createPostgresEventStore,
  readHorizon,
} from '../../../infrastructure/event-store/index.ts';
import {
  type EmbeddedLogger,
  type EmbeddedPostgresServer,
  startEmbeddedPostgres,
} from '../../../infrastructure/postgres/embedded/index.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
} from '../../../infrastructure/postgres/index.ts';
import { numbered, testMetadata, uniqueStream } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';

// The system server of the tests has max_prepared_transactions = 0 (nothing can be prepared there), so these
// run on an embedded cluster of their own with prepared transactions enabled.
const test = anyTest as TestFn<{
  dataDir: string;
  server: EmbeddedPostgresServer;
  database: DatabaseHandle;
  store: PostgresEventStore;
}>;

const quiet: EmbeddedLogger = { debug: () => undefined, info: () => undefined, error: () => undefined };

test.before(async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tbot-horizon-prepared-'));
  t.context.dataDir = dataDir;
  const first = await startEmbeddedPostgres({ dataDir, port: 0, logger: quiet });
  const admin = new pg.Client({ connectionString: first.url });
  await admin.connect();
  await admin.query('alter system set max_prepared_transactions = 4');
  await admin.end();
  await first.stop();
  // max_prepared_transactions takes effect at server start.
  t.context.server = await startEmbeddedPostgres({ dataDir, port: 0, logger: quiet });
  t.context.database = openDatabase({ url: t.context.server.url, poolMax: 4, applicationName: 'tbot-test' });
  await migrateToLatest(t.context.database.db);
  await t.context.database.pool.query('create table if not exists public.horizon_scratch (n integer)');
  t.context.store = createPostgresEventStore({
    pool: t.context.database.pool,
    url: t.context.server.url,
    pollIntervalMs: 200,
  });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.close();
  await t.context.server?.stop();
  if (t.context.dataDir) await fs.rm(t.context.dataDir, { recursive: true, force: true });
});

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const readPrefix = async (store: PostgresEventStore, prefix: string, count: number) =>
  eventually(async () => {
    const events = await store.readAll(null, { filter: { streamPrefix: prefix }, maxCount: 100 });
    return events.length === count ? events : null;
  }, 5_000);

test.serial('a prepared transaction that never appended holds nobody back', async (t) => {
  const { store, server } = t.context;
  const prefix = uniqueStream('prepared');
  const gid = `free-${prefix}`;
  await withClient(server.url, async (client) => {
    await client.query('begin');
    await client.query('insert into public.horizon_scratch values (1)');
    await client.query(`prepare transaction '${gid}'`);
  });
  try {
    await store.append(`${prefix}-new`, numbered(1));
    const events = await readPrefix(store, prefix, 1);
    t.is(events?.length, 1, 'the new append is read while the prepared transaction stays');
  } finally {
    await withClient(server.url, (client) => client.query(`rollback prepared '${gid}'`));
  }
});

test.serial('a prepared appender (appenders never prepare) would still bound the horizon', async (t) => {
  const { store, server, database } = t.context;
  const prefix = uniqueStream('prepared-appender');
  const gid = `appender-${prefix}`;
  const xid = await withClient(server.url, async (client) => {
    await client.query('begin');
    await client.query(
      `select * from es.append_events($1, 'any', array[gen_random_uuid()], array['Counted'], array[1],
         array['{}'::jsonb], array[$2::jsonb], null)`,
      [`${prefix}-prepared`, JSON.stringify(testMetadata)],
    );
    const { rows } = await client.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
    await client.query(`prepare transaction '${gid}'`);
    return BigInt(rows[0]?.xid ?? '0');
  });
  let committed = false;
  try {
    await store.append(`${prefix}-after`, numbered(1));
    const horizon = await readHorizon(database.pool);
    t.is(horizon.below, xid, 'its lock and xid outlive its backend: matched by virtual transaction');
    t.deepEqual(await store.readAll(null, { filter: { streamPrefix: prefix } }), []);
    await withClient(server.url, (client) => client.query(`commit prepared '${gid}'`));
    committed = true;
    const events = await readPrefix(store, prefix, 2);
    t.deepEqual(
      events?.map((e) => e.streamId.slice(prefix.length)),
      ['-prepared', '-after'],
    );
  } finally {
    if (!committed)
      await withClient(server.url, (client) => client.query(`rollback prepared '${gid}'`)).catch(
        () => undefined,
      );
  }
});
