import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { PostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import { projectionLagUpTo } from '../../../infrastructure/projections/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

const test = anyTest as TestFn<EventStoreContext>;
withEventStore(test);

const append = (store: PostgresEventStore, type: string, count: number) =>
  store.append(
    `lag-${randomUUID()}`,
    Array.from({ length: count }, (_, n) => ({ type, data: { n }, metadata: testMetadata })),
  );

test('counts only the events of the projection’s types after its checkpoint, up to the limit', async (t) => {
  const { database, store } = t.context;
  const user = await append(store, 'LagUserChanged', 3);
  // What an import appends after the last user event: the users projection is not behind for it.
  await append(store, 'LagEmployeeRegistered', 50);
  const { pool } = database;

  t.is(await projectionLagUpTo(pool, user.checkpoint, ['LagUserChanged'], 100), 0);
  t.is(await projectionLagUpTo(pool, null, ['LagUserChanged'], 100), 3);
  t.is(await projectionLagUpTo(pool, user.checkpoint, ['LagEmployeeRegistered', 'LagUserChanged'], 100), 50);
  t.is(await projectionLagUpTo(pool, user.checkpoint, [], 100), 50, 'no types: every event counts');
  t.is(await projectionLagUpTo(pool, null, [], 10), 10, 'counting stops at the limit');
  t.is(await projectionLagUpTo(pool, null, ['LagEmployeeRegistered'], 10), 10);
});
