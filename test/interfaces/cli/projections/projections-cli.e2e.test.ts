import anyTest, { type TestFn } from 'ava';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { numbered, uniqueStream } from '../../../support/event-fixtures.ts';
import { runTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

const test = anyTest as TestFn<{
  database: TestDatabase;
  store: PostgresEventStore;
  env: Record<string, string>;
  /** Positions of the events appended before any projection ran, in log order. */
  appended: bigint[];
}>;

/** What `status --format json` prints for one projection (the fields asserted here). */
interface StatusJson {
  head: { position: number } | null;
  projections: {
    name: string;
    state: string;
    builtVersion: number | null;
    position: number | null;
    headPosition: number | null;
    lag: number;
    lease: { kind: string };
    parked: unknown;
  }[];
  oldestTransaction: unknown;
}

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: false });
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
  const up = await runTbot(['migrate', 'up'], t.context.env);
  if (up.code !== 0) throw new Error(`tbot migrate up failed:\n${up.stderr}`);
  t.context.store = createPostgresEventStore({ pool: t.context.database.pool, url: t.context.database.url });
  for (let i = 0; i < 3; i += 1)
    await t.context.store.append(uniqueStream('thing'), numbered(5, 'ThingCounted'));
  const { rows } = await t.context.database.pool.query<{ position: string }>(
    'select position from es.events order by transaction_id, position',
  );
  t.context.appended = rows.map((row) => BigInt(row.position));
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

async function status(env: Record<string, string>): Promise<StatusJson> {
  const run = await runTbot(['projections', 'status', '--format', 'json'], env);
  if (run.code !== 0) throw new Error(`status exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as StatusJson;
}

test.serial(
  'lists the projectors and shows them not started; rebuild asks for --yes off a terminal',
  async (t) => {
    const { env, appended, database } = t.context;
    const list = await runTbot(['projections', 'list'], env);
    t.is(list.code, 0, list.stderr);
    t.regex(list.stdout, /^PROJECTION\s+VERSION\s+EVENTS\s+TABLES\s+CHECKPOINT$/m);
    t.regex(list.stdout, /^audit\s+2\s+all\s+core\.audit_log\s+not started$/m);

    const before = await status(env);
    t.is(before.head?.position, Number(appended.at(-1)));
    t.like(before.projections[0], {
      name: 'audit',
      state: 'not started',
      builtVersion: null,
      position: null,
      lag: appended.length,
      lease: { kind: 'in-process' },
      parked: null,
    });
    t.is(before.oldestTransaction, null);

    // No --yes and stdin is not a terminal: refused before anything is done.
    const unconfirmed = await runTbot(['projections', 'rebuild', 'audit'], env);
    t.is(unconfirmed.code, 2, unconfirmed.stderr);
    t.regex(unconfirmed.stderr, /rebuild audit needs confirmation: pass --yes/);
    const { rows } = await database.pool.query('select 1 from projections.checkpoints');
    t.is(rows.length, 0);
  },
);

test.serial('rebuild --yes builds the read model from the log, switches and records the act', async (t) => {
  const { env, appended, database } = t.context;
  const rebuild = await runTbot(['projections', 'rebuild', 'audit', '--yes', '--reason', 'first build'], env);
  t.is(rebuild.code, 0, rebuild.stderr);
  t.regex(rebuild.stdout, /rebuilt audit \(version 2\): 15 events in [\d.]+ s \([\d]+ events\/s\)/);
  t.regex(rebuild.stdout, /recorded ProjectionRebuilt at position \d+/);

  // The read model holds one row per event up to the switch; the ProjectionRebuilt event, appended after the
  // switch, waits for the projection's owner (no node runs here): the status shows it as a lag of one.
  const { rows } = await database.pool.query<{ position: string }>(
    'select position from core.audit_log order by position',
  );
  t.deepEqual(
    rows.map((row) => BigInt(row.position)),
    appended,
  );
  const recorded = await database.pool.query<{
    position: string;
    stream_id: string;
    data: Record<string, unknown>;
    metadata: { actor: { kind: string }; reason?: string; source: string };
  }>(`select position, stream_id, data, metadata from es.events where type = 'ProjectionRebuilt'`);
  t.is(recorded.rows.length, 1);
  const event = recorded.rows[0];
  t.is(event?.stream_id, 'projection-audit');
  t.deepEqual(event?.data, { projection: 'audit', eventsApplied: 15 });
  t.like(event?.metadata, { actor: { kind: 'cli' }, source: 'cli', reason: 'first build' });

  const after = await status(env);
  t.is(after.head?.position, Number(event?.position));
  t.like(after.projections[0], {
    name: 'audit',
    state: 'running',
    builtVersion: 2,
    position: Number(appended.at(-1)),
    headPosition: Number(event?.position),
    lag: 1,
    parked: null,
  });
});

test.serial('retry and skip act only on a parked projection, and skip is recorded', async (t) => {
  const { env, database, appended } = t.context;
  const notParked = await runTbot(['projections', 'retry', 'audit'], env);
  t.is(notParked.code, 2, notParked.stderr);
  t.regex(notParked.stderr, /audit is not parked/);

  // Test setup: park the projection on the next event, as the runner would after it kept failing.
  const parked = await database.pool.query<{ position: string }>(
    `update projections.checkpoints c
     set status = 'parked', parked_position = e.position, parked_transaction_id = e.transaction_id,
         parked_event_type = e.type, parked_error = 'cannot summarise', parked_at = now()
     from es.events e
     where c.name = 'audit' and e.type = 'ProjectionRebuilt'
     returning e.position`,
  );
  const position = parked.rows[0]?.position ?? '';
  t.truthy(position);

  const wrong = await runTbot(
    ['projections', 'skip', 'audit', '--position', String(BigInt(position) + 1n)],
    env,
  );
  t.is(wrong.code, 2, wrong.stderr);
  t.regex(wrong.stderr, new RegExp(`audit is parked on event ${position} \\(ProjectionRebuilt\\)`));

  const skip = await runTbot(
    ['projections', 'skip', 'audit', '--position', position, '--reason', 'bad data'],
    env,
  );
  t.is(skip.code, 0, skip.stderr);
  t.regex(skip.stdout, new RegExp(`skipped event ${position} \\(ProjectionRebuilt`));

  const { rows } = await database.pool.query<{ status: string; position: string; parked_position: null }>(
    `select status, position, parked_position from projections.checkpoints where name = 'audit'`,
  );
  t.deepEqual(rows[0], { status: 'running', position, parked_position: null });

  const skipped = await database.pool.query<{
    stream_id: string;
    data: Record<string, unknown>;
    metadata: { actor: { kind: string; id: string }; reason?: string; correlationId: string };
  }>(`select stream_id, data, metadata from es.events where type = 'ProjectionEventSkipped'`);
  t.is(skipped.rows.length, 1);
  const event = skipped.rows[0];
  t.is(event?.stream_id, 'projection-audit');
  t.deepEqual(event?.data, {
    projection: 'audit',
    position,
    eventType: 'ProjectionRebuilt',
    error: 'cannot summarise',
  });
  t.is(event?.metadata.actor.kind, 'cli');
  t.truthy(event?.metadata.actor.id);
  t.is(event?.metadata.reason, 'bad data');
  t.regex(event?.metadata.correlationId ?? '', /^[0-9a-f-]{36}$/);
  // The skip did not touch the read model: still the events before the rebuild's own.
  const audit = await database.pool.query('select 1 from core.audit_log');
  t.is(audit.rows.length, appended.length);
});

test('an unknown projection or a position that is not an integer is a usage error', async (t) => {
  const [unknown, notInteger] = await Promise.all([
    runTbot(['projections', 'rebuild', 'nope', '--yes'], t.context.env),
    runTbot(['projections', 'skip', 'audit', '--position', 'twelve'], t.context.env),
  ]);
  t.is(unknown.code, 2, unknown.stderr);
  t.regex(unknown.stderr, /unknown projection "nope"; known projections: audit/);
  t.is(notInteger.code, 2, notInteger.stderr);
  t.regex(notInteger.stderr, /must be an event position/);
});

test('a rebuild while another rebuild of the projection runs is refused with exit code 3', async (t) => {
  const { env, database } = t.context;
  // Another rebuild holds the lock, as a `tbot projections rebuild audit` on another node would.
  const other = await database.pool.connect();
  t.teardown(() => other.release(true));
  await other.query(`select pg_advisory_lock(hashtext('tbot.projection-rebuild'), hashtext('audit'))`);
  const before = await database.pool.query(`select * from projections.checkpoints where name = 'audit'`);

  const refused = await runTbot(['projections', 'rebuild', 'audit', '--yes'], env);
  t.is(refused.code, 3, refused.stderr);
  t.regex(refused.stderr, /another rebuild of audit is running: this one was refused and did nothing/);
  const after = await database.pool.query(`select * from projections.checkpoints where name = 'audit'`);
  t.deepEqual(after.rows, before.rows, 'the checkpoint row is untouched');
  const recorded = await database.pool.query(`select 1 from es.events where type = 'ProjectionRebuilt'`);
  t.is(recorded.rows.length, 1, 'only the first build was recorded');
});

test.serial(
  'retry and its ProjectionRetried event commit together: a failure of either leaves neither',
  async (t) => {
    const { env, database } = t.context;
    const { pool } = database;
    // Test setup: park the projection on the first event, as the runner would after it kept failing.
    await pool.query(
      `update projections.checkpoints c
     set status = 'parked', parked_position = e.position, parked_transaction_id = e.transaction_id,
         parked_event_type = e.type, parked_error = 'cannot summarise', parked_at = now()
     from (select * from es.events order by transaction_id, position limit 1) e
     where c.name = 'audit'`,
    );
    const retried = async () =>
      (await pool.query(`select 1 from es.events where type = 'ProjectionRetried'`)).rows.length;
    const status = async () =>
      (
        await pool.query<{ status: string }>(
          `select status from projections.checkpoints where name = 'audit'`,
        )
      ).rows[0]?.status;

    // The audit event cannot be written: the act must not happen.
    await pool.query(`create function pg_temp_refuse() returns trigger language plpgsql as
    $$ begin raise exception 'audit append refused by the test'; end $$`);
    t.teardown(() => pool.query('drop function if exists pg_temp_refuse() cascade'));
    await pool.query(`create trigger refuse_retried before insert on es.events for each row
    when (new.type = 'ProjectionRetried') execute function pg_temp_refuse()`);
    const noAudit = await runTbot(['projections', 'retry', 'audit'], env);
    t.is(noAudit.code, 1, noAudit.stderr);
    t.regex(noAudit.stderr, /audit append refused by the test/);
    t.is(await status(), 'parked', 'not retried without its audit event');
    t.is(await retried(), 0);
    await pool.query('drop trigger refuse_retried on es.events');

    // The act fails: its audit event must not stay.
    await pool.query(`create trigger refuse_act before update on projections.checkpoints for each row
    execute function pg_temp_refuse()`);
    const noAct = await runTbot(['projections', 'retry', 'audit'], env);
    t.is(noAct.code, 1, noAct.stderr);
    t.is(await status(), 'parked');
    t.is(await retried(), 0, 'no audit event of an act that did not happen');
    await pool.query('drop trigger refuse_act on projections.checkpoints');

    const done = await runTbot(['projections', 'retry', 'audit', '--reason', 'fixed'], env);
    t.is(done.code, 0, done.stderr);
    t.is(await status(), 'running');
    t.is(await retried(), 1);
  },
);
