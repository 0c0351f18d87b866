import anyTest, { type TestFn } from 'ava';
import { makeCommandHandler } from '../../../application/commands/index.ts';
import { WrongExpectedRevisionError } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { testMetadata, uniqueStream } from '../../support/event-fixtures.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';
import { LIMIT_EXCEEDED, type TallyCommand, tallyDecider } from './tally-decider.ts';

const test = anyTest as TestFn<{ database: TestDatabase; store: PostgresEventStore }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 8 });
  t.context.store = createPostgresEventStore({ pool: t.context.database.pool, url: t.context.database.url });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

const add = (tallyId: string, amount: number, limit = 1000): TallyCommand => ({
  type: 'AddToTally',
  data: { tallyId, amount, limit },
  metadata: testMetadata,
});

function handlerFor(store: PostgresEventStore, maxRetries?: number) {
  return makeCommandHandler({
    store,
    decider: tallyDecider,
    streamId: (command: TallyCommand) => `tally-${command.data.tallyId}`,
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
}

test('appends the decided events and returns the revision and checkpoint', async (t) => {
  const { store } = t.context;
  const handle = handlerFor(store);
  const id = uniqueStream();
  const first = await handle(add(id, 2));
  const second = await handle(add(id, 3));
  t.is(first.nextExpectedRevision, 0);
  t.is(second.nextExpectedRevision, 1);
  t.truthy(second.checkpoint);
  t.deepEqual(second.events, [{ type: 'TallyIncreased', data: { tallyId: id, amount: 3 } }]);
  const stored = await store.readStream(`tally-${id}`);
  t.deepEqual(
    stored.map((e) => e.metadata),
    [testMetadata, testMetadata],
  );
  t.is(stored[1]?.position, second.checkpoint?.position);
});

test('retries on concurrency conflicts so that concurrent commands all land', async (t) => {
  const { store } = t.context;
  const handle = handlerFor(store, 20);
  const id = uniqueStream();
  await Promise.all(Array.from({ length: 8 }, () => handle(add(id, 1))));
  const stored = await store.readStream(`tally-${id}`);
  t.deepEqual(
    stored.map((e) => e.revision),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
});

test('decides on fresh state after a conflict, so invariants hold under contention', async (t) => {
  const { store } = t.context;
  const handle = handlerFor(store, 20);
  const id = uniqueStream();
  const results = await Promise.allSettled(Array.from({ length: 8 }, () => handle(add(id, 1, 5))));
  t.is(results.filter((r) => r.status === 'fulfilled').length, 5);
  const refusals = results.filter((r) => r.status === 'rejected');
  t.true(refusals.every((r) => r.reason instanceof DomainError && r.reason.code === LIMIT_EXCEEDED));
  t.is((await store.readStream(`tally-${id}`)).length, 5);
});

test('gives up with the conflict after a bounded number of retries', async (t) => {
  const { store } = t.context;
  const handle = handlerFor(store, 0);
  const id = uniqueStream();
  const results = await Promise.allSettled(Array.from({ length: 8 }, () => handle(add(id, 1))));
  const conflicts = results.filter((r) => r.status === 'rejected');
  t.true(conflicts.length > 0, 'some of 8 simultaneous commands must conflict without retries');
  t.true(conflicts.every((r) => r.reason instanceof WrongExpectedRevisionError));
  t.is((await store.readStream(`tally-${id}`)).length, results.length - conflicts.length);
});

test('appends nothing twice for a retried command with the same idempotency key', async (t) => {
  const { store } = t.context;
  const handle = handlerFor(store);
  const id = uniqueStream();
  const first = await handle(add(id, 4), { idempotencyKey: `telegram-update-${id}` });
  const retried = await handle(add(id, 4), { idempotencyKey: `telegram-update-${id}` });
  t.false(first.duplicate);
  t.true(retried.duplicate);
  t.deepEqual(retried.checkpoint, first.checkpoint);
  t.deepEqual(retried.events, []);
  t.is((await store.readStream(`tally-${id}`)).length, 1);
});

test('writes nothing when the decider refuses the command', async (t) => {
  const { store } = t.context;
  const handle = handlerFor(store);
  const id = uniqueStream();
  await t.throwsAsync(handle(add(id, 11, 10)), { instanceOf: DomainError, message: /would pass 10/ });
  t.deepEqual(await store.readStream(`tally-${id}`), []);
  const nothing = await handle(add(id, 0));
  t.is(nothing.checkpoint, null);
  t.is(nothing.nextExpectedRevision, 'no_stream');
});

test('writes each event at the schema version its decider declares, so an upcaster does not lift it again', async (t) => {
  const { database } = t.context;
  // Version 1 of TallyIncreased had no unit; its upcaster to version 2 adds the unit events had back then.
  const store = createPostgresEventStore({
    pool: database.pool,
    url: database.url,
    upcasters: [
      {
        type: 'TallyIncreased',
        fromVersion: 1,
        upcast: (data) => ({ ...(data as object), unit: 'legacy' }),
      },
    ],
  });
  t.teardown(() => store.close());
  const atVersion2 = makeCommandHandler({
    store,
    decider: { ...tallyDecider, schemaVersions: { TallyIncreased: 2 } },
    streamId: (command: TallyCommand) => `tally-${command.data.tallyId}`,
  });
  const id = uniqueStream();
  await atVersion2(add(id, 2));
  await handlerFor(store)(add(id, 3));

  const { rows } = await database.pool.query<{ schema_version: number }>(
    'select schema_version from es.events where stream_id = $1 order by revision',
    [`tally-${id}`],
  );
  t.deepEqual(
    rows.map((row) => row.schema_version),
    [2, 1],
    'declared version, else 1',
  );
  const stored = await store.readStream(`tally-${id}`);
  t.deepEqual(
    stored.map((event) => [event.schemaVersion, event.data]),
    [
      [2, { tallyId: id, amount: 2 }],
      [2, { tallyId: id, amount: 3, unit: 'legacy' }],
    ],
  );
});
