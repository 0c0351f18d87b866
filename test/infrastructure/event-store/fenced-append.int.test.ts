import anyTest, { type TestFn } from 'ava';
import { FencedAppendError } from '../../../application/ports/index.ts';
import { claimPartition } from '../../../infrastructure/monitoring/partitions/index.ts';
import { numbered, uniqueStream } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

const test = anyTest as TestFn<EventStoreContext>;
withEventStore(test, { poolMax: 4 });

const PARTITION = 7;

test('an append fenced on the partition’s current epoch is written; on an epoch claimed since, nothing is (G13)', async (t) => {
  const { store, database } = t.context;
  const stream = uniqueStream('fenced');
  const stale = await claimPartition(database.pool, PARTITION, 'paused-node');
  const current = await claimPartition(database.pool, PARTITION, 'other-node');
  const written = await store.append(stream, numbered(1), {
    expectedRevision: 'no_stream',
    fence: { partition: PARTITION, epoch: current },
  });
  t.is(written.nextExpectedRevision, 0);
  const refused = await t.throwsAsync(
    store.append(stream, numbered(1), {
      expectedRevision: 0,
      idempotencyKey: `fenced-${stream}`,
      fence: { partition: PARTITION, epoch: stale },
    }),
  );
  t.true(refused instanceof FencedAppendError);
  t.is((await store.readStream(stream)).length, 1, 'the stale holder appended nothing');
  t.is(await store.findAppend(`fenced-${stream}`), null, 'nor used its key');
});

test('a fenced append repeated with its key is a duplicate, as an unfenced one', async (t) => {
  const { store, database } = t.context;
  const stream = uniqueStream('fenced-again');
  const epoch = await claimPartition(database.pool, PARTITION + 1, 'node');
  const options = { idempotencyKey: `key-${stream}`, fence: { partition: PARTITION + 1, epoch } };
  const first = await store.append(stream, numbered(2), options);
  const again = await store.append(stream, numbered(2), options);
  t.false(first.duplicate);
  t.true(again.duplicate);
  t.is((await store.readStream(stream)).length, 2);
});
