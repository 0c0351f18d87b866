import anyTest, { type TestFn } from 'ava';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { parseMasterKey } from '../../../../infrastructure/personal-data/index.ts';
import { numbered, uniqueStream } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { freePort } from '../../../support/free-port.ts';
import { logOrder, makeLookRestored } from '../../../support/restored-log.ts';
import { TEST_JWT_SECRET } from '../../../support/served-api.ts';
import { TEST_MASTER_KEY, runTbot, serveTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

const test = anyTest as TestFn<{
  source: TestDatabase;
  target: TestDatabase;
  env: Record<string, string>;
}>;

/** Tables copied as they are (the log and what refers to it are renumbered, and compared apart). */
const AS_IS = ['core.personal_data_keys', 'core.refresh_tokens', 'es.streams', 'telegram.messages'];

async function rowsOf(database: TestDatabase, table: string, orderBy: string): Promise<unknown[]> {
  // The copy's own act (DatabaseCopied on stream event-log) is the only row the target has more.
  const where = table === 'es.streams' ? `where stream_id <> 'event-log'` : '';
  const { rows } = await database.pool.query<{ row: unknown }>(
    `select to_jsonb(t) as row from ${table} t ${where} order by ${orderBy}`,
  );
  return rows.map((row) => row.row);
}

test.before(async (t) => {
  const [source, target] = await Promise.all([
    createTestDatabase({ migrate: false }),
    createTestDatabase({ migrate: false }),
  ]);
  t.context.source = source;
  t.context.target = target;
  const env = {
    DATABASE_URL: source.url,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
  };
  t.context.env = env;
  const up = await runTbot(['migrate', 'up'], env);
  if (up.code !== 0) throw new Error(`tbot migrate up failed:\n${up.stderr}`);
  const store = createPostgresEventStore({ pool: source.pool, url: source.url });
  try {
    for (let i = 0; i < 5; i += 1) await store.append(uniqueStream('thing'), numbered(4, 'ThingCounted'));
    await store.append(
      'thing-кириллица',
      [{ ...numbered(1, 'ThingNamed')[0], data: { name: 'Иванов "И." \\ ☃' } } as never],
      { idempotencyKey: 'copy-key' },
    );
  } finally {
    await store.close();
  }
  await source.pool.query(
    `insert into core.personal_data_keys (subject_id, wrapped_key, master_key_id)
     values ('employee-1', '\\x00ff10'::bytea, $1), ('employee-2', '\\xdeadbeef'::bytea, $1)`,
    [parseMasterKey(TEST_MASTER_KEY)?.id],
  );
  await source.pool.query(
    `insert into core.refresh_tokens (token_hash, family_id, user_id, expires_at, revoked_at)
     values ('\\x01'::bytea, gen_random_uuid(), gen_random_uuid(), now() + interval '1 day', null),
            ('\\x02'::bytea, gen_random_uuid(), gen_random_uuid(), now() + interval '2 days', now())`,
  );
  await source.pool.query(
    `insert into telegram.messages (direction, chat_id, message_id, update_id, kind, text, at)
     select 'in', 42, n, 1000 + n, 'text', 'сообщение ' || n, now() from generate_series(1, 9) n`,
  );
  const rebuild = await runTbot(['projections', 'rebuild', 'audit', '--yes'], env);
  if (rebuild.code !== 0) throw new Error(`rebuild failed:\n${rebuild.stderr}`);
  // The renumber path: the source's xids are far above the target's, as on a busier cluster.
  await makeLookRestored(source.pool);
});

test.after.always(async (t) => {
  await t.context.source?.drop();
  await t.context.target?.drop();
});

test.serial('refuses a target that is not empty and is no unfinished copy', async (t) => {
  const { env, source } = t.context;
  const before = await logOrder(source.pool);
  const refused = await runTbot(['db', 'copy', '--to', source.url], env);
  t.is(refused.code, 1, refused.stderr);
  t.regex(refused.stderr, /the target database is not empty \(.*es\.events.*\)/);
  t.deepEqual(await logOrder(source.pool), before);
});

test.serial('a copy stopped part-way resumes, then matches the source and renumbers its log', async (t) => {
  const { env, source, target } = t.context;
  const sourceOrder = await logOrder(source.pool);
  const first = await runTbot(
    ['db', 'copy', '--to', target.url, '--batch-size', '4', '--stop-after', '5'],
    env,
  );
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /^copying \d+ tables \(\d+ rows\)/m);
  t.regex(first.stdout, /stopped after 5 batches \(--stop-after 5\); run the same command again to continue/);
  t.regex(first.stderr, /copying es\.events: \d+\/22 rows/);
  const partial = await target.pool.query<{ n: number }>('select count(*)::int as n from es.events');
  t.true(
    (partial.rows[0]?.n ?? 0) > 0 && (partial.rows[0]?.n ?? 0) < sourceOrder.length,
    'stopped mid-table',
  );

  const second = await runTbot(
    ['db', 'copy', '--to', target.url, '--batch-size', '4', '--reason', 'moving'],
    env,
  );
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /^resuming the copy of \d+ tables/m);
  t.regex(second.stdout, /log renumbered below the target's transaction ids \(22 events\)/);
  t.regex(second.stdout, /recorded DatabaseCopied at position 23/);

  for (const table of AS_IS) {
    const key = table === 'es.streams' ? 'stream_id' : table === 'telegram.messages' ? 'id' : '1';
    t.deepEqual(await rowsOf(target, table, key), await rowsOf(source, table, key), table);
  }
  // The log: the same events in the same order, positions 1..N, every xid below the target's horizon.
  const strip = `to_jsonb(e) - 'position' - 'transaction_id'`;
  const [from, to] = await Promise.all([
    source.pool.query<{ row: unknown }>(
      `select ${strip} as row from es.events e order by transaction_id, position`,
    ),
    target.pool.query<{ row: unknown; position: string; below: boolean }>(
      `select ${strip} as row, position, transaction_id < pg_snapshot_xmax(pg_current_snapshot()) as below
       from es.events e where type <> 'DatabaseCopied' order by transaction_id, position`,
    ),
  ]);
  t.deepEqual(
    to.rows.map((row) => row.row),
    from.rows.map((row) => row.row),
  );
  t.deepEqual(
    to.rows.map((row) => Number(row.position)),
    Array.from({ length: from.rows.length }, (_, i) => i + 1),
  );
  t.true(to.rows.every((row) => row.below));
  const key = await target.pool.query<{ event_id: string }>(
    `select e.event_id from es.idempotency_keys k join es.events e on e.position = k.last_position
     where k.key = 'copy-key'`,
  );
  const sourceKey = await source.pool.query<{ event_id: string }>(
    `select e.event_id from es.idempotency_keys k join es.events e on e.position = k.last_position
     where k.key = 'copy-key'`,
  );
  t.is(key.rows[0]?.event_id, sourceKey.rows[0]?.event_id);
  const checkpoints = await target.pool.query<{ name: string; position: string }>(
    'select name, position from projections.checkpoints',
  );
  t.deepEqual(checkpoints.rows, [{ name: 'audit', position: '0' }]);
  // Sequences moved past the copied keys; the copy is no longer in progress.
  const message = await target.pool.query<{ id: string }>(
    `insert into telegram.messages (direction, chat_id, kind, at) values ('out', 42, 'text', now()) returning id`,
  );
  t.is(message.rows[0]?.id, '10');
  const marker = await target.pool.query<{ present: boolean }>(
    `select to_regclass('public.tbot_copy_in_progress') is not null as present`,
  );
  t.false(marker.rows[0]?.present);
  const again = await runTbot(['db', 'copy', '--to', target.url], env);
  t.is(again.code, 1, again.stderr);
  t.regex(again.stderr, /not empty/);
});

test.serial('TBot starts on the copy, rebuilds its audit log and projects a new event', async (t) => {
  const { env, source, target } = t.context;
  const copied = await logOrder(source.pool);
  const node = await serveTbot({
    ...env,
    DATABASE_URL: target.url,
    LOG_LEVEL: 'info',
    PORT: String(await freePort()),
  });
  t.teardown(() => node.stop());
  const store: PostgresEventStore = createPostgresEventStore({ pool: target.pool, url: target.url });
  t.teardown(() => store.close());
  const fresh = await store.append(uniqueStream('after-copy'), numbered(1, 'ThingCountedAfterCopy'));
  const caughtUp = await eventually(async () => {
    const [log, audit] = await Promise.all([
      logOrder(target.pool),
      target.pool.query<{ event_id: string; position: string }>(
        'select event_id, position from core.audit_log order by position',
      ),
    ]);
    const audited = audit.rows.map((row) => row.event_id);
    const complete = audited.length === log.length && audited.every((id, i) => id === log[i]);
    return complete && audit.rows.some((row) => row.position === String(fresh.position)) ? audited : null;
  }, 20_000);
  t.truthy(caughtUp, 'the audit log holds every event of the copy and the new one, in log order');
  t.is(new Set(caughtUp).size, caughtUp?.length ?? -1);
  t.deepEqual(caughtUp?.slice(0, copied.length), copied, 'the copied events first, in their order');
});
