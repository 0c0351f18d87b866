import type { TestFn } from 'ava';
import {
  type EventStore,
  type RecordedEvent,
  WrongExpectedRevisionError,
  compareCheckpoints,
} from '../../../application/ports/index.ts';
import { numbered, testMetadata, uniqueStream } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';

export interface ContractContext {
  store: EventStore;
}

async function take<T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  if (count === 0) return taken;
  for await (const item of iterable) {
    taken.push(item);
    if (taken.length === count) break;
  }
  return taken;
}

const dataOf = (events: readonly RecordedEvent[]) => events.map((event) => event.data);

/**
 * The behaviour every {@link EventStore} adapter must show. Register it with a `test` whose context holds a
 * ready store (set up in `test.before`); each test works on streams of its own.
 */
export function eventStoreContract(test: TestFn<ContractContext>): void {
  test('appends events to a new stream and reads them back in order from revision 0', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    const result = await store.append(stream, numbered(3), { expectedRevision: 'no_stream' });
    t.is(result.nextExpectedRevision, 2);
    t.false(result.duplicate);
    const events = await store.readStream(stream);
    t.deepEqual(
      events.map((e) => e.revision),
      [0, 1, 2],
    );
    t.deepEqual(dataOf(events), [{ n: 0 }, { n: 1 }, { n: 2 }]);
    t.is(events[2]?.position, result.position);
    t.deepEqual(events[0]?.metadata, testMetadata);
    t.is(events[0]?.type, 'Counted');
    t.is(events[0]?.streamId, stream);
  });

  test('continues a stream at the exact revision it expects', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(2), { expectedRevision: 'no_stream' });
    const result = await store.append(stream, numbered(1, 'Counted', 2), { expectedRevision: 1 });
    t.is(result.nextExpectedRevision, 2);
    t.deepEqual(dataOf(await store.readStream(stream)), [{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  test('refuses a stale exact revision, naming the stream, the expected and the actual revision', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(3));
    const error = await t.throwsAsync(store.append(stream, numbered(1), { expectedRevision: 0 }), {
      instanceOf: WrongExpectedRevisionError,
    });
    t.is(error?.streamId, stream);
    t.is(error?.expected, 0);
    t.is(error?.actual, 2);
    t.is((await store.readStream(stream)).length, 3, 'the refused append wrote nothing');
  });

  test('refuses no_stream on an existing stream and stream_exists on a missing one', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(1));
    const exists = await t.throwsAsync(store.append(stream, numbered(1), { expectedRevision: 'no_stream' }), {
      instanceOf: WrongExpectedRevisionError,
    });
    t.is(exists?.actual, 0);
    const missing = uniqueStream();
    const absent = await t.throwsAsync(
      store.append(missing, numbered(1), { expectedRevision: 'stream_exists' }),
      {
        instanceOf: WrongExpectedRevisionError,
      },
    );
    t.is(absent?.actual, 'no_stream');
    t.deepEqual(await store.readStream(missing), []);
    await t.throwsAsync(store.append(missing, numbered(1), { expectedRevision: 4 }), {
      instanceOf: WrongExpectedRevisionError,
    });
    t.deepEqual(await store.readStream(missing), [], 'a refused first append leaves no stream behind');
    const created = await store.append(missing, numbered(1), { expectedRevision: 'no_stream' });
    t.is(created.nextExpectedRevision, 0);
  });

  test("appends with 'any' whatever the stream's revision", async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(1), { expectedRevision: 'any' });
    const result = await store.append(stream, numbered(1), { expectedRevision: 'any' });
    t.is(result.nextExpectedRevision, 1);
  });

  test('lets exactly one of many concurrent appends at the same revision win', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(1));
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.append(stream, numbered(2, 'Raced', i * 10), { expectedRevision: 0 }),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a) => a.status === 'rejected');
    t.is(won.length, 1);
    t.is(lost.length, 9);
    for (const loss of lost) t.true(loss.reason instanceof WrongExpectedRevisionError);
    const events = await store.readStream(stream);
    t.deepEqual(
      events.map((e) => e.revision),
      [0, 1, 2],
    );
  });

  test('creates a new stream once when many writers race to create it', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, () => store.append(stream, numbered(1), { expectedRevision: 'no_stream' })),
    );
    t.is(attempts.filter((a) => a.status === 'fulfilled').length, 1);
    t.is((await store.readStream(stream)).length, 1);
  });

  test('reads a stream backwards and from a revision, bounded by maxCount', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(5));
    t.deepEqual(dataOf(await store.readStream(stream, { direction: 'backwards', maxCount: 2 })), [
      { n: 4 },
      { n: 3 },
    ]);
    t.deepEqual(dataOf(await store.readStream(stream, { direction: 'backwards', fromRevision: 1 })), [
      { n: 1 },
      { n: 0 },
    ]);
    t.deepEqual(dataOf(await store.readStream(stream, { fromRevision: 3 })), [{ n: 3 }, { n: 4 }]);
    t.deepEqual(await store.readStream(uniqueStream()), []);
  });

  test('reads the whole log from a checkpoint, filtered by event type and stream prefix', async (t) => {
    const { store } = t.context;
    const prefix = uniqueStream('all');
    const first = await store.append(`${prefix}-a`, numbered(2, 'Alpha'));
    await store.append(`${prefix}-b`, numbered(2, 'Beta'));
    await store.append(`${prefix}-a`, numbered(1, 'Beta', 2));
    // Readers see an event once every older transaction has ended: under concurrent tests, a moment later.
    const mine =
      (await eventually(async () => {
        const read = await store.readAll(null, { filter: { streamPrefix: prefix }, maxCount: 100_000 });
        return read.length === 5 ? read : null;
      })) ?? [];
    t.deepEqual(
      mine.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`),
      ['-a:Alpha', '-a:Alpha', '-b:Beta', '-b:Beta', '-a:Beta'],
    );
    const betas = await store.readAll(first.checkpoint, {
      filter: { streamPrefix: prefix, eventTypes: ['Beta'] },
    });
    t.is(betas.length, 3);
    const limited = await store.readAll(null, { filter: { streamPrefix: prefix }, maxCount: 2 });
    t.is(limited.length, 2);
    for (let i = 1; i < mine.length; i += 1) {
      const previous = mine[i - 1];
      const current = mine[i];
      if (previous && current) t.is(compareCheckpoints(previous.checkpoint, current.checkpoint), -1);
    }
  });

  test('writes nothing for a repeated idempotency key and returns the first result', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    const key = `update-${stream}`;
    const first = await store.append(stream, numbered(2), {
      expectedRevision: 'no_stream',
      idempotencyKey: key,
    });
    const again = await store.append(stream, numbered(2), {
      expectedRevision: 'no_stream',
      idempotencyKey: key,
    });
    t.true(again.duplicate);
    t.is(again.nextExpectedRevision, first.nextExpectedRevision);
    t.is(again.position, first.position);
    t.deepEqual(again.checkpoint, first.checkpoint);
    t.is((await store.readStream(stream)).length, 2);
    t.deepEqual(await store.findAppend(key), { ...first, duplicate: true });
    t.is(await store.findAppend(`never-${key}`), null);
  });

  test('writes once when the same idempotent command is appended concurrently', async (t) => {
    const { store } = t.context;
    const stream = uniqueStream();
    await store.append(stream, numbered(1));
    const key = `http-${stream}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.append(stream, numbered(1, 'Once'), { expectedRevision: 0, idempotencyKey: key }),
      ),
    );
    t.is(results.filter((r) => !r.duplicate).length, 1);
    t.is((await store.readStream(stream)).filter((e) => e.type === 'Once').length, 1);
  });

  test('subscribes from a checkpoint: catches up, then delivers live appends in order', async (t) => {
    const { store } = t.context;
    const prefix = uniqueStream('sub');
    const start = await store.append(`${prefix}-0`, numbered(1));
    await store.append(`${prefix}-1`, numbered(3));
    const controller = new AbortController();
    const received = take(
      store.subscribe(start.checkpoint, {
        filter: { streamPrefix: prefix },
        signal: controller.signal,
        batchSize: 2,
      }),
      5,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.append(`${prefix}-2`, numbered(2, 'Counted', 10));
    const events = await received;
    controller.abort();
    t.deepEqual(dataOf(events), [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 10 }, { n: 11 }]);
  });

  test('stops a subscription when its signal aborts', async (t) => {
    const { store } = t.context;
    const controller = new AbortController();
    const consumed = (async () => {
      const seen: RecordedEvent[] = [];
      for await (const event of store.subscribe(await store.headCheckpoint(), {
        filter: { streamPrefix: uniqueStream('none') },
        signal: controller.signal,
      }))
        seen.push(event);
      return seen;
    })();
    setTimeout(() => controller.abort(), 50);
    t.deepEqual(await consumed, []);
  });

  test('reports the head checkpoint at the last readable event', async (t) => {
    const { store } = t.context;
    const result = await store.append(uniqueStream(), numbered(2));
    const head = await eventually(async () => {
      const current = await store.headCheckpoint();
      return current && compareCheckpoints(current, result.checkpoint) >= 0 ? current : null;
    });
    t.truthy(head);
    if (head) t.true(compareCheckpoints(head, result.checkpoint) >= 0);
  });

  test('refuses an empty append', async (t) => {
    await t.context.store.append(uniqueStream(), []).then(
      () => t.fail('an empty append was accepted'),
      (error: unknown) => t.true(error instanceof RangeError),
    );
  });

  test('appends to several streams at once, in the order given, behind one checkpoint', async (t) => {
    const { store } = t.context;
    const [first, second] = [uniqueStream(), uniqueStream()];
    await store.append(second, numbered(1));
    const result = await store.appendMany([
      { streamId: first, events: numbered(2), expectedRevision: 'no_stream' },
      { streamId: second, events: numbered(1, 'Counted', 1), expectedRevision: 0 },
    ]);
    t.deepEqual(result.streams, [
      { streamId: first, nextExpectedRevision: 1 },
      { streamId: second, nextExpectedRevision: 1 },
    ]);
    t.deepEqual(dataOf(await store.readStream(first)), [{ n: 0 }, { n: 1 }]);
    t.deepEqual(dataOf(await store.readStream(second)), [{ n: 0 }, { n: 1 }]);
    const [a, b] = [await store.readStream(first), await store.readStream(second, { fromRevision: 1 })];
    t.true((a[1]?.position ?? 0n) < (b[0]?.position ?? 0n), 'the log keeps the order given');
    t.is(result.checkpoint?.position, b[0]?.position);
  });

  test('writes nothing of a multi-stream append when one stream conflicts', async (t) => {
    const { store } = t.context;
    const [fresh, existing] = [uniqueStream(), uniqueStream()];
    await store.append(existing, numbered(2));
    const error = await t.throwsAsync(
      store.appendMany([
        { streamId: fresh, events: numbered(1), expectedRevision: 'no_stream' },
        { streamId: existing, events: numbered(1), expectedRevision: 0 },
      ]),
      { instanceOf: WrongExpectedRevisionError },
    );
    t.is(error?.streamId, existing);
    t.is(error?.actual, 1);
    t.deepEqual(await store.readStream(fresh), []);
    t.is((await store.readStream(existing)).length, 2);
  });

  test('refuses a multi-stream append naming one stream twice', async (t) => {
    const stream = uniqueStream();
    await t.throwsAsync(
      t.context.store.appendMany([
        { streamId: stream, events: numbered(1) },
        { streamId: stream, events: numbered(1) },
      ]),
      { instanceOf: RangeError },
    );
    t.deepEqual(await t.context.store.readStream(stream), []);
  });

  test('appends many new streams at once, each from revision 0, in the order given', async (t) => {
    const { store } = t.context;
    const streams = Array.from({ length: 50 }, () => uniqueStream());
    const result = await store.appendMany(
      streams.map((streamId, i) => ({
        streamId,
        events: numbered(1 + (i % 3)),
        expectedRevision: 'no_stream',
      })),
    );
    t.deepEqual(
      result.streams,
      streams.map((streamId, i) => ({ streamId, nextExpectedRevision: i % 3 })),
    );
    const read = await Promise.all(streams.map((s) => store.readStream(s)));
    t.deepEqual(
      read.map((events) => events.map((e) => [e.revision, e.data])),
      streams.map((_, i) => numbered(1 + (i % 3)).map((e, r) => [r, e.data])),
    );
    const positions = read.flat().map((e) => e.position);
    t.deepEqual(
      positions,
      [...positions].sort((a, b) => (a < b ? -1 : 1)),
      'the log keeps the order given',
    );
    t.is(result.checkpoint?.position, positions.at(-1));
  });

  test('refuses new streams at once when one of them exists, naming it and writing nothing', async (t) => {
    const { store } = t.context;
    const [fresh, existing, other] = [uniqueStream(), uniqueStream(), uniqueStream()];
    await store.append(existing, numbered(3));
    const error = await t.throwsAsync(
      store.appendMany([
        { streamId: fresh, events: numbered(1), expectedRevision: 'no_stream' },
        { streamId: existing, events: numbered(1), expectedRevision: 'no_stream' },
        { streamId: other, events: numbered(2), expectedRevision: 'no_stream' },
      ]),
      { instanceOf: WrongExpectedRevisionError },
    );
    t.is(error?.streamId, existing);
    t.is(error?.actual, 2);
    t.deepEqual(await store.readStream(fresh), []);
    t.deepEqual(await store.readStream(other), []);
  });
}
