import anyTest, { type TestFn } from 'ava';
import pg from 'pg';
import type { Checkpoint, RecordedEvent } from '../../../application/ports/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
  findHorizonHolder,
  readHorizon,
} from '../../../infrastructure/event-store/index.ts';
import { projectionLag } from '../../../infrastructure/projections/projection-lag.ts';
import { numbered, testMetadata, uniqueStream } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  store: PostgresEventStore;
  database: TestDatabase;
  /** Another database on the same server: its transactions share the server's xids. */
  neighbour: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const [database, neighbour] = await Promise.all([
    createTestDatabase({ poolMax: 8 }),
    createTestDatabase({ migrate: false, poolMax: 1 }),
  ]);
  t.context.database = database;
  t.context.neighbour = neighbour;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url, pollIntervalMs: 200 });
  await database.pool.query('create table public.horizon_scratch (n integer)');
  await neighbour.pool.query('create table public.horizon_scratch (n integer)');
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
  await t.context.neighbour?.drop();
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'horizon-test' });
  await client.connect();
  return client;
}

/** One event appended through the store's SQL on `client`, inside whatever transaction it has open. */
async function appendOn(client: pg.Client, stream: string, n: number): Promise<void> {
  await client.query(
    `select * from es.append_events($1, 'any', array[gen_random_uuid()], array['Counted'], array[1],
       array[$2::jsonb], array[$3::jsonb], null)`,
    [stream, JSON.stringify({ n }), JSON.stringify(testMetadata)],
  );
}

/** Reads everything after `from` one event per call, resuming from each checkpoint, as a projection does. */
async function readOneByOne(
  store: PostgresEventStore,
  from: Checkpoint | null,
  prefix: string,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let checkpoint = from;
  for (let i = 0; i < 100; i += 1) {
    const [event] = await store.readAll(checkpoint, { filter: { streamPrefix: prefix }, maxCount: 1 });
    if (!event) break;
    events.push(event);
    checkpoint = event.checkpoint;
  }
  return events;
}

const suffixes = (events: readonly RecordedEvent[], prefix: string) =>
  events.map((e) => e.streamId.slice(prefix.length));

test.serial(
  'an appender that holds the lock and an xid keeps readers below it until it commits',
  async (t) => {
    const { store, database } = t.context;
    const prefix = uniqueStream('held');
    const start = await store.headCheckpoint();
    const slow = await connect(database.url);
    try {
      await slow.query('begin');
      await slow.query('select es.begin_append()');
      const { rows } = await slow.query<{ xid: string; pid: number }>(
        'select pg_current_xact_id()::text as xid, pg_backend_pid() as pid',
      );
      const slowXid = BigInt(rows[0]?.xid ?? '0');
      // Others commit meanwhile, with higher xids.
      await store.append(`${prefix}-fast-1`, numbered(1));
      await store.append(`${prefix}-fast-2`, numbered(1));

      t.deepEqual(await readOneByOne(store, start, prefix), [], 'nothing is read past the open appender');
      t.deepEqual(await store.headCheckpoint(), start, 'the head does not move past it either');
      const horizon = await readHorizon(database.pool);
      t.is(horizon.below, slowXid, 'the horizon is the appender’s xid');
      t.is(horizon.heldBy?.xid, slowXid);
      const holder = await findHorizonHolder(database.pool);
      t.is(holder?.applicationName, 'horizon-test', 'the holder is named for status and readiness');
      t.is(holder?.pid, rows[0]?.pid);
      const lag = await projectionLag(database.pool, start, []);
      t.true(lag.heldBack >= 2, 'the fast events count as held back');

      await appendOn(slow, `${prefix}-slow`, 1);
      await slow.query('commit');
    } finally {
      await slow.end();
    }
    const events = await eventually(async () => {
      const read = await readOneByOne(store, start, prefix);
      return read.length === 3 ? read : null;
    });
    t.deepEqual(
      suffixes(events ?? [], prefix),
      ['-slow', '-fast-1', '-fast-2'],
      'the late commit is read first, nothing skipped, resuming from one-event checkpoints',
    );
  },
);

test.serial('an appender that took the lock but has no xid yet holds nobody back', async (t) => {
  const { store, database } = t.context;
  const prefix = uniqueStream('lock-only');
  const start = await store.headCheckpoint();
  const waiting = await connect(database.url);
  try {
    await waiting.query('begin');
    await waiting.query('select es.begin_append()');
    await store.append(`${prefix}-fast`, numbered(1));
    const early = await eventually(async () => {
      const read = await readOneByOne(store, start, prefix);
      return read.length === 1 ? read : null;
    });
    t.deepEqual(suffixes(early ?? [], prefix), ['-fast'], 'its future xid is above what was read');
    const seen = early?.at(-1)?.checkpoint ?? start;

    await appendOn(waiting, `${prefix}-waiting`, 1);
    await waiting.query('commit');
    const late = await eventually(async () => {
      const read = await readOneByOne(store, seen, prefix);
      return read.length === 1 ? read : null;
    });
    t.deepEqual(suffixes(late ?? [], prefix), ['-waiting'], 'its event is not skipped');
  } finally {
    await waiting.end();
  }
});

test.serial('refuses an append after another write of the same transaction', async (t) => {
  const { database } = t.context;
  const client = await connect(database.url);
  try {
    await client.query('begin');
    await client.query('insert into public.horizon_scratch values (1)');
    const refused = await t.throwsAsync(appendOn(client, uniqueStream('refused'), 1));
    t.is((refused as { code?: string } | undefined)?.code, 'ES428');
    await client.query('rollback');

    await client.query('begin');
    await client.query('insert into public.horizon_scratch values (2)');
    const bulk = await t.throwsAsync(
      client.query(
        `select * from es.append_streams(array[$1], array['no_stream'], array[1], array[gen_random_uuid()],
           array['Counted'], array[1], array[$2::jsonb], array[$3::jsonb])`,
        [uniqueStream('refused-bulk'), '{}', JSON.stringify(testMetadata)],
      ),
    );
    t.is((bulk as { code?: string } | undefined)?.code, 'ES428', 'es.append_streams refuses it too');
    await client.query('rollback');

    // Appending first, then writing, then appending again is allowed: the lock was taken before the xid.
    await client.query('begin');
    await appendOn(client, uniqueStream('twice'), 1);
    await client.query('insert into public.horizon_scratch values (3)');
    await appendOn(client, uniqueStream('twice'), 2);
    await client.query('commit');
    t.pass();
  } finally {
    await client.end();
  }
});

test.serial(
  'open transactions that never append, here and in another database, hold nobody back',
  async (t) => {
    const { store, database, neighbour } = t.context;
    const prefix = uniqueStream('free');
    const start = await store.headCheckpoint();
    // A projector-like batch left open (a paused node), and a writer in another database of the server.
    const projector = await connect(database.url);
    const foreign = await connect(neighbour.url);
    try {
      await projector.query('begin');
      await projector.query('insert into public.horizon_scratch values (1)');
      await foreign.query('begin');
      await foreign.query('insert into public.horizon_scratch values (1)');

      await store.append(`${prefix}-new`, numbered(1));
      const read = await eventually(async () => {
        const events = await readOneByOne(store, start, prefix);
        return events.length === 1 ? events : null;
      }, 5_000);
      t.deepEqual(suffixes(read ?? [], prefix), ['-new'], 'the new append is read while both stay open');
      t.deepEqual(await store.headCheckpoint(), read?.[0]?.checkpoint, 'the head is the new event');
      t.is(await findHorizonHolder(database.pool), null, 'no appender holds the horizon');
      const lag = await projectionLag(database.pool, start, []);
      t.is(lag.heldBack, 0);
    } finally {
      await projector.query('rollback');
      await foreign.query('rollback');
      await projector.end();
      await foreign.end();
    }
  },
);

// Prepared transactions: read-horizon-prepared.int.test.ts (this server has max_prepared_transactions = 0).
