import test from 'ava';
import {
  END,
  EventStoreDBClient,
  START,
  WrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
} from '@eventstore/db-client';
import { startEsdbTestServer } from './esdb-test-server.ts';

const event = (type: string, id?: string) => jsonEvent({ type, data: { type }, ...(id ? { id } : {}) });

test('assigns $all positions as EventStoreDB does and answers a stale revision with its error', async (t) => {
  const server = await startEsdbTestServer();
  const client = EventStoreDBClient.connectionString(server.url);
  t.teardown(async () => {
    await client.dispose();
    await server.close();
  });
  await client.appendToStream('a', [event('One'), event('Two')], { expectedRevision: 'no_stream' });
  await client.appendToStream('b', [event('Three')]);
  const positions = [];
  for await (const resolved of client.readAll({ fromPosition: START }))
    positions.push(resolved.event?.position);
  const [first, second, third] = positions;
  t.is(first?.commit, first?.prepare, 'a transaction commits at its first prepare');
  t.is(second?.commit, first?.commit, 'the events of one append share its commit position');
  t.true((second?.prepare ?? 0n) > (first?.prepare ?? 0n));
  t.is(third?.commit, third?.prepare);
  t.true((third?.commit ?? 0n) > (second?.prepare ?? 0n), 'monotonic');

  const error = await t.throwsAsync(client.appendToStream('a', [event('Late')], { expectedRevision: 0n }));
  t.true(error instanceof WrongExpectedVersionError);
  t.is((error as WrongExpectedVersionError).actualVersion, 1n);
  t.is((error as WrongExpectedVersionError).expectedVersion, 0n);
});

test('a re-append of the same event ids at the same expected revision is idempotent', async (t) => {
  const server = await startEsdbTestServer();
  const client = EventStoreDBClient.connectionString(server.url);
  t.teardown(async () => {
    await client.dispose();
    await server.close();
  });
  const ids = ['0b6a7c52-1111-4a5e-9b39-3d6cfbd1a001', '0b6a7c52-1111-4a5e-9b39-3d6cfbd1a002'];
  const first = await client.appendToStream('s', [event('A', ids[0]), event('B', ids[1])], {
    expectedRevision: 'no_stream',
  });
  const again = await client.appendToStream('s', [event('A', ids[0]), event('B', ids[1])], {
    expectedRevision: 'no_stream',
  });
  t.deepEqual(again, first);
  const any = await client.appendToStream('s', [event('A', ids[0]), event('B', ids[1])]);
  t.deepEqual(any, first);
  t.is(server.log.records.length, 2);
});

test('a filtered subscription catches up, says so, goes live, and a drop ends it with UNAVAILABLE', async (t) => {
  const server = await startEsdbTestServer();
  const client = EventStoreDBClient.connectionString(server.url);
  t.teardown(async () => {
    await client.dispose();
    await server.close();
  });
  await client.appendToStream('x', [event('Wanted'), event('Other'), event('Wanted')]);
  const subscription = client.subscribeToAll({
    fromPosition: START,
    filter: eventTypeFilter({ prefixes: ['Wanted'] }),
  });
  let caughtUp = false;
  subscription.on('caughtUp', () => {
    caughtUp = true;
    void client.appendToStream('y', [event('Wanted')]);
  });
  const seen: string[] = [];
  const ended = (async () => {
    for await (const resolved of subscription) {
      seen.push(`${resolved.event?.streamId}:${resolved.event?.type}`);
      if (seen.length === 3) server.dropConnections();
    }
  })();
  const error = await t.throwsAsync(ended);
  t.regex(error?.message ?? '', /UNAVAILABLE/);
  t.true(caughtUp);
  t.deepEqual(seen, ['x:Wanted', 'x:Wanted', 'y:Wanted']);
  const last = [];
  for await (const resolved of client.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 }))
    last.push(resolved.event?.streamId);
  t.deepEqual(last, ['y']);
});
