import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { PostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import { projectionLag, projectionLagUpTo } from '../../../infrastructure/projections/index.ts';
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

test.serial(
  'status lag is bounded, and counts the events an open older transaction holds back',
  async (t) => {
    const { database, store } = t.context;
    const { pool } = database;
    const before = await append(store, 'LagStatusBefore', 30);
    // An appender that has written (so has an xid) and stays open: what commits after it is held back.
    const open = await pool.connect();
    t.teardown(() => open.release(true));
    await open.query('begin');
    await open.query('select es.begin_append()');
    await open.query('select pg_current_xact_id()');
    const after = await append(store, 'LagStatusAfter', 4);

    t.deepEqual(await projectionLag(pool, before.checkpoint, ['LagStatusBefore', 'LagStatusAfter']), {
      events: 4,
      heldBack: 4,
      atLeast: false,
    });
    t.deepEqual(
      await projectionLag(pool, null, ['LagStatusBefore', 'LagStatusAfter'], 10),
      { events: 10, heldBack: 4, atLeast: true },
      'counting stops at the limit; the held-back ones are counted from the horizon, not the checkpoint',
    );
    t.deepEqual(await projectionLag(pool, null, ['LagStatusBefore'], 10), {
      events: 10,
      heldBack: 0,
      atLeast: true,
    });
    t.like(await projectionLag(pool, before.checkpoint, [], 100), { events: 4, heldBack: 4 });
    // Past the horizon's transaction: a checkpoint among the held-back events counts from itself.
    const middle = { transactionId: after.checkpoint.transactionId, position: after.position - 2n };
    t.deepEqual(await projectionLag(pool, middle, ['LagStatusAfter']), {
      events: 2,
      heldBack: 2,
      atLeast: false,
    });
    await open.query('rollback');
    t.deepEqual(await projectionLag(pool, before.checkpoint, ['LagStatusAfter']), {
      events: 4,
      heldBack: 0,
      atLeast: false,
    });
  },
);
