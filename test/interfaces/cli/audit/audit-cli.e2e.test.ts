import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { NewEvent, RecordedEvent } from '../../../../application/ports/index.ts';
import type { Actor } from '../../../../domain/shared/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { startTbot } from '../../../support/tbot-follow.ts';
import { runTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

const test = anyTest as TestFn<{
  database: TestDatabase;
  store: PostgresEventStore;
  env: Record<string, string>;
  /** The events appended before the tests, in log order. */
  events: RecordedEvent[];
  thing: string;
  gadget: string;
}>;

const alice: Actor = { kind: 'admin', id: 'alice', name: 'Alice' };
const bob: Actor = { kind: 'telegram', id: 'bob', name: 'Bob' };
const carol: Actor = { kind: 'cli', id: 'carol', name: 'carol' };
const scheduler: Actor = { kind: 'system', id: 'scheduler', name: 'Scheduler' };

function event(
  type: string,
  data: object,
  actor: Actor,
  correlationId: string,
  occurredAt: string,
): NewEvent {
  return {
    type,
    data,
    metadata: { actor, correlationId, causationId: correlationId, source: 'test', occurredAt, reason: 'e2e' },
  };
}

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: true });
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
  const store = createPostgresEventStore({ pool: t.context.database.pool, url: t.context.database.url });
  t.context.store = store;
  const thing = `thing-${randomUUID()}`;
  const gadget = `gadget-${randomUUID()}`;
  Object.assign(t.context, { thing, gadget });
  await store.append(thing, [
    event('ThingMade', { name: 'lamp', colour: 'red' }, alice, 'corr-a', '2026-03-01T10:00:00.000Z'),
  ]);
  await store.append(thing, [
    event('ThingRenamed', { name: 'big lamp' }, bob, 'corr-b', '2026-03-02T10:00:00.000Z'),
  ]);
  await store.append(gadget, [
    event('GadgetAdded', { serial: 'g-1' }, alice, 'corr-a', '2026-03-03T10:00:00.000Z'),
    event('GadgetRemoved', { serial: 'g-1' }, scheduler, 'corr-c', '2026-03-04T10:00:00.000Z'),
  ]);
  await store.append('projection-audit', [
    // Exactly at midnight: `--until 2026-03-05` leaves it out (until is exclusive).
    event(
      'ProjectionRebuilt',
      { projection: 'audit', eventsApplied: 4 },
      carol,
      'corr-d',
      '2026-03-05T00:00:00.000Z',
    ),
  ]);
  await store.append('projection-audit', [
    event(
      'ProjectionEventSkipped',
      { projection: 'audit', position: '2', eventType: 'ThingRenamed', error: 'boom' },
      carol,
      'corr-e',
      '2026-03-06T10:00:00.000Z',
    ),
  ]);
  await store.append(thing, [
    event('ThingRenamed', { name: 'small lamp' }, alice, 'corr-b', '2026-03-07T10:00:00.000Z'),
  ]);
  // Seen by the tail only: every other test's filter leaves the live- streams out.
  await store.append('live-1', [
    event('LiveTicked', { tick: 0 }, scheduler, 'corr-live', '2026-04-01T00:00:00.000Z'),
  ]);
  const head = await store.headCheckpoint();
  const events = await store.readAll(null, { maxCount: 100 });
  if (events.at(-1)?.position !== head?.position) throw new Error('the appended events are not all readable');
  t.context.events = events.filter((e) => !e.streamId.startsWith('live-'));
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

/** The line `--format ndjson` prints for `event`, spelled out independently of the CLI's code. */
function ndjsonLine(e: RecordedEvent): string {
  return JSON.stringify({
    position: String(e.position),
    checkpoint: `${e.checkpoint.transactionId}/${e.checkpoint.position}`,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    revision: e.revision,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt.toISOString(),
  });
}

function positionsOf(events: readonly RecordedEvent[], keep: (e: RecordedEvent) => boolean): string[] {
  return events.filter(keep).map((e) => String(e.position));
}

test.serial(
  'list --type --format ndjson prints exactly the matching events, one per line, in log order',
  async (t) => {
    const { env, events } = t.context;
    const run = await runTbot(
      ['events', 'list', '--type', 'ThingRenamed,GadgetRemoved', '--format', 'ndjson'],
      env,
    );
    t.is(run.code, 0, run.stderr);
    const expected = events.filter((e) => e.type === 'ThingRenamed' || e.type === 'GadgetRemoved');
    t.is(expected.length, 3);
    t.is(run.stdout, expected.map((e) => `${ndjsonLine(e)}\n`).join(''));
  },
);

test.serial('list --actor (an id, or kind:id) and --correlation narrow together', async (t) => {
  const { env, events } = t.context;
  const both = await runTbot(
    ['events', 'list', '--actor', 'alice', '--correlation', 'corr-b', '--format', 'json'],
    env,
  );
  t.is(both.code, 0, both.stderr);
  const array = JSON.parse(both.stdout) as { position: string; data: unknown }[];
  // Alice acted in corr-a and corr-b, and corr-b has Bob's event too: one event has both.
  t.deepEqual(
    array.map((e) => e.position),
    positionsOf(events, (e) => e.metadata.actor.id === 'alice' && e.metadata.correlationId === 'corr-b'),
  );
  t.deepEqual(array[0]?.data, { name: 'small lamp' });

  const byKind = await runTbot(['events', 'list', '--actor', 'telegram:bob', '--format', 'ndjson'], env);
  t.is(byKind.code, 0, byKind.stderr);
  const lines = byKind.stdout.trimEnd().split('\n');
  t.deepEqual(
    lines.map((line) => (JSON.parse(line) as { metadata: { actor: Actor } }).metadata.actor),
    [bob],
  );
});

test.serial('list --since/--until compare occurredAt, until exclusive, in a table', async (t) => {
  const { env, events, thing, gadget } = t.context;
  const byTime = await runTbot(
    ['events', 'list', '--since', '2026-03-02T10:00:00Z', '--until', '2026-03-05'],
    env,
  );

  t.is(byTime.code, 0, byTime.stderr);
  const [header, ...rows] = byTime.stdout.trimEnd().split('\n');
  t.regex(header ?? '', /^POSITION\s+OCCURRED AT\s+STREAM\s+TYPE\s+ACTOR\s+CORRELATION$/);
  const expected = events.filter(
    (e) => e.metadata.occurredAt >= '2026-03-02T10' && e.metadata.occurredAt < '2026-03-05',
  );
  t.deepEqual(
    expected.map((e) => e.type),
    ['ThingRenamed', 'GadgetAdded', 'GadgetRemoved'],
  );
  t.is(rows.length, 3);
  t.regex(
    rows[0] ?? '',
    new RegExp(
      `^${expected[0]?.position}\\s+2026-03-02T10:00:00.000Z\\s+${thing}\\s+ThingRenamed\\s+telegram:bob\\s+corr-b$`,
    ),
  );
  t.regex(
    rows[2] ?? '',
    new RegExp(
      `^${expected[2]?.position}\\s+2026-03-04T10:00:00.000Z\\s+${gadget}\\s+GadgetRemoved\\s+system:scheduler\\s+corr-c$`,
    ),
  );
});

test.serial('a bad filter is exit code 2 naming the option, before any database work', async (t) => {
  const run = await runTbot(['events', 'list', '--since', 'yesterday'], {
    ...t.context.env,
    // Nothing listens there: the refusal must come first.
    DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
  });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /^tbot: --since: must be an ISO-8601 time.*\(got "yesterday"\)$/m);
  t.is(run.stdout, '');
});

test.serial('show prints one event in full, by position or by id', async (t) => {
  const { env, events } = t.context;
  const target = events.find((e) => e.type === 'GadgetAdded');
  if (!target) throw new Error('no GadgetAdded');
  const expected = JSON.parse(ndjsonLine(target)) as unknown;
  const byPosition = await runTbot(['events', 'show', String(target.position)], env);
  t.is(byPosition.code, 0, byPosition.stderr);
  t.deepEqual(JSON.parse(byPosition.stdout), expected);
  t.regex(byPosition.stdout, /^{\n {2}"position"/, 'pretty-printed');
  const byId = await runTbot(['events', 'show', target.eventId.toUpperCase()], env);
  t.is(byId.code, 0, byId.stderr);
  t.deepEqual(JSON.parse(byId.stdout), expected);
});

test.serial('show: an unknown event is exit code 1, an argument that names none is 2', async (t) => {
  const missing = await runTbot(['events', 'show', '999999'], t.context.env);
  t.is(missing.code, 1, missing.stderr);
  t.regex(missing.stderr, /tbot: no event with position 999999/);
  const notAReference = await runTbot(['events', 'show', 'last-tuesday'], t.context.env);
  t.is(notAReference.code, 2, notAReference.stderr);
  t.regex(notAReference.stderr, /must be an event id \(a UUID\) or a position \(an integer\)/);
});

test.serial('state folds a stream up to a position (projection evolver) or a time (generic)', async (t) => {
  const { env, events, thing } = t.context;
  const rebuilt = events.find((e) => e.type === 'ProjectionRebuilt');
  if (!rebuilt) throw new Error('no ProjectionRebuilt');
  const atPosition = await runTbot(
    ['events', 'state', 'projection-audit', '--at', String(rebuilt.position), '--format', 'json'],
    env,
  );
  const atTime = await runTbot(['events', 'state', thing, '--at', '2026-03-02T10:00:00Z'], env);
  t.is(atPosition.code, 0, atPosition.stderr);
  const json = JSON.parse(atPosition.stdout) as Record<string, unknown>;
  t.like(json, {
    streamId: 'projection-audit',
    at: { position: String(rebuilt.position) },
    evolver: { name: 'projection', generic: false },
    eventCount: 1,
    lastEvent: { position: String(rebuilt.position), type: 'ProjectionRebuilt', actor: 'cli:carol' },
    state: {
      projection: 'audit',
      rebuilds: 1,
      lastRebuild: { at: '2026-03-05T00:00:00.000Z', by: 'cli:carol', eventsApplied: 4, reason: 'e2e' },
      // The skip came after that position.
      skippedEvents: [],
    },
  });

  t.is(atTime.code, 0, atTime.stderr);
  const renamed = events.find((e) => e.type === 'ThingRenamed');
  t.regex(atTime.stdout, /^evolver {5}GENERIC: .*shallow merge/m);
  t.regex(atTime.stdout, /^built from {2}2 events$/m);
  t.regex(
    atTime.stdout,
    new RegExp(
      `^last {8}position ${renamed?.position}, revision 1, ThingRenamed, occurred 2026-03-02T10:00:00.000Z`,
      'm',
    ),
  );
  const state = atTime.stdout.slice(atTime.stdout.indexOf('\nstate\n') + '\nstate\n'.length);
  t.deepEqual(JSON.parse(state), { name: 'big lamp', colour: 'red' });
});

test.serial(
  'tail --follow prints the last events, then new ones as they are appended, until SIGINT (exit 0)',
  async (t) => {
    const { env, store } = t.context;
    const tail = startTbot(
      ['events', 'tail', '--follow', '-n', '1', '--stream-prefix', 'live-', '--format', 'ndjson'],
      env,
    );
    try {
      // Two pipes: the last event (stdout) and the notice (stderr) may arrive in either order.
      await tail.waitFor('stdout', /"tick":0/);
      await tail.waitFor('stderr', /following new events/);
      t.regex(tail.stdout(), /^{"position":"\d+".*"type":"LiveTicked".*"tick":0/);
      await store.append('live-1', [
        event('LiveTicked', { tick: 1 }, scheduler, 'corr-live', '2026-04-01T00:01:00.000Z'),
      ]);
      await store.append('other-1', [
        event('OtherTicked', {}, scheduler, 'corr-live', '2026-04-01T00:01:00.000Z'),
      ]);
      await store.append('live-2', [
        event('LiveTicked', { tick: 2 }, scheduler, 'corr-live', '2026-04-01T00:02:00.000Z'),
      ]);
      await tail.waitFor('stdout', /"tick":2/);
    } finally {
      const run = await tail.stop('SIGINT');
      t.is(run.code, 0, run.stderr);
      const ticks = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { streamId: string; data: { tick: number } }).data.tick);
      t.deepEqual(ticks, [0, 1, 2]);
    }
  },
);

test.serial(
  'list --from takes the (transaction, position) pair: a late commit after it is listed',
  async (t) => {
    const { env, store, database } = t.context;
    const prefix = `late-${randomUUID()}`;
    const fast = await store.append(`${prefix}-fast`, [
      event('LateTicked', { n: 'fast' }, carol, 'corr-late', '2027-01-01T00:00:00.000Z'),
    ]);
    // What a late commit leaves in the log: an event of an older transaction with a higher position, so it comes
    // before the fast one in log order. Written as rows, so that the test does not depend on timing.
    const { rows } = await database.pool.query<{ position: string; transaction_id: string }>(
      `insert into es.events (event_id, stream_id, revision, type, schema_version, data, metadata, transaction_id)
     values (gen_random_uuid(), $1, 0, 'LateTicked', 1, '{"n":"slow"}', $2, ($3::bigint - 1)::text::xid8)
     returning position, transaction_id::text`,
      [
        `${prefix}-slow`,
        JSON.stringify({
          ...event('LateTicked', {}, carol, 'corr-late', '2027-01-01T00:00:00.000Z').metadata,
        }),
        String(fast.checkpoint.transactionId),
      ],
    );
    const slow = rows[0];
    if (!slow) throw new Error('setup: the late event was not written');
    t.true(BigInt(slow.position) > fast.position, 'the late event has the higher position');

    const list = async (from: string) => {
      const run = await runTbot(
        ['events', 'list', '--stream-prefix', prefix, '--from', from, '--format', 'ndjson'],
        env,
      );
      t.is(run.code, 0, run.stderr);
      return run.stdout
        .trimEnd()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { data: { n: string } }).data.n);
    };
    t.deepEqual(await list(slow.position), ['slow', 'fast'], 'a bare position names its event and its pair');
    t.deepEqual(await list(`${slow.transaction_id}:${slow.position}`), ['slow', 'fast']);
    t.deepEqual(await list(`${fast.checkpoint.transactionId}/${fast.position}`), ['fast']);
    t.deepEqual(await list(String(fast.position)), ['fast'], 'the late event is before it in log order');

    const missing = await runTbot(['events', 'list', '--from', '999999999'], env);
    t.is(missing.code, 2, missing.stderr);
    t.regex(missing.stderr, /--from: no event at position 999999999/);
  },
);
