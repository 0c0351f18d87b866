import anyTest, { type TestFn } from 'ava';
import { EventStoreDBClient, type ResolvedEvent, jsonEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '../../../application/ports/index.ts';
import { deriveEventId } from '../../../infrastructure/event-store/index.ts';
import { type EsdbStoreContext, withEsdbStore } from '../../support/esdb-store-fixture.ts';
import { numbered, testMetadata, uniqueStream } from '../../support/event-fixtures.ts';

const test = anyTest as TestFn<EsdbStoreContext>;
withEsdbStore(test);

test.serial(
  'a subscription dropped mid-stream resumes after its last event: every event once, in order',
  async (t) => {
    const { store, server } = t.context;
    if (!server) {
      t.pass('needs the test server to drop connections');
      return;
    }
    const prefix = uniqueStream('drop');
    const dropped: unknown[] = [];
    const resuming = t.context.openStore({
      subscription: { retryDelayMs: 10, maxRetryDelayMs: 50, onDropped: (error) => dropped.push(error) },
    });
    const total = 60;
    for (let i = 0; i < total / 2; i += 1)
      await store.append(`${prefix}-${i % 3}`, numbered(1, 'Counted', i));
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    for await (const batch of resuming.subscribeBatches(null, {
      filter: { streamPrefix: prefix },
      signal: controller.signal,
      batchSize: 7,
    })) {
      seen.push(...batch);
      if (seen.length >= total / 2 && dropped.length === 0) {
        server.dropConnections();
        for (let i = total / 2; i < total; i += 1)
          await store.append(`${prefix}-${i % 3}`, numbered(1, 'Counted', i));
      }
      if (seen.length >= total) break;
    }
    t.is(dropped.length, 1, 'the drop was seen and survived');
    t.deepEqual(
      seen.map((e) => (e.data as { n: number }).n),
      Array.from({ length: total }, (_, i) => i),
    );
  },
);

test('an append whose answer was lost is not written again by its retry', async (t) => {
  const { store, server } = t.context;
  const stream = uniqueStream('lost');
  const key = `update-${stream}`;
  // The first try reached EventStoreDB, then the connection dropped: its events (with the key's ids) are
  // written, the key is not recorded. Written here with a client of its own, as that first try would have.
  const raw = EventStoreDBClient.connectionString(server?.url ?? process.env['EVENTSTORE_URL'] ?? '');
  t.teardown(() => raw.dispose());
  await raw.appendToStream(
    stream,
    numbered(2).map((event, i) =>
      jsonEvent({
        id: deriveEventId(key, i),
        type: event.type,
        data: { n: i },
        metadata: { ...testMetadata },
      }),
    ),
    { expectedRevision: 'no_stream' },
  );
  const retried = await store.append(stream, numbered(2), {
    expectedRevision: 'no_stream',
    idempotencyKey: key,
  });
  t.true(retried.duplicate);
  t.is(retried.nextExpectedRevision, 1);
  // A retry that re-decided on the stream as it is now, at its new revision, writes nothing either.
  const redecided = await store.append(stream, numbered(2), { expectedRevision: 1, idempotencyKey: key });
  t.true(redecided.duplicate);
  t.is((await store.readStream(stream)).length, 2);
});

test('keeps the metadata in the event metadata, with EventStoreDB’s correlation and causation names', async (t) => {
  const { store, server } = t.context;
  const stream = uniqueStream('meta');
  await store.append(stream, [
    { type: 'Noted', data: { x: 1 }, metadata: { ...testMetadata, reason: 'why' }, schemaVersion: 2 },
  ]);
  const raw = EventStoreDBClient.connectionString(server?.url ?? process.env['EVENTSTORE_URL'] ?? '');
  t.teardown(() => raw.dispose());
  const rawEvents: ResolvedEvent[] = [];
  for await (const resolved of raw.readStream(stream)) rawEvents.push(resolved);
  const [resolved] = rawEvents;
  t.like(resolved?.event?.metadata, {
    ...testMetadata,
    reason: 'why',
    schemaVersion: 2,
    $correlationId: testMetadata.correlationId,
    $causationId: testMetadata.causationId,
  });
  const [read] = await store.readStream(stream);
  t.deepEqual(read?.metadata, { ...testMetadata, reason: 'why' });
  t.is(read?.schemaVersion, 2);
});
