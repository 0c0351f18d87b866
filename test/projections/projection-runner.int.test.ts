import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { leaseName, waitForProjection } from '../../projections/index.ts';
import { appendNumbered, testMetadata } from '../support/event-fixtures.ts';
import {
  type ProjectionStoreContext,
  type RedisContext,
  withProjectionStore,
  withRedis,
} from '../support/event-store-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { quickRunner } from '../support/quick-runner.ts';
import { rowsOf, rowsProjector } from '../support/rows-projector.ts';

const test = anyTest as TestFn<ProjectionStoreContext & RedisContext>;
withProjectionStore(test, { poolMax: 12, pollIntervalMs: 100 });
const keyPrefix = withRedis(test);

test('catches up, then follows live appends, applying each event exactly once', async (t) => {
  const { database, store, projections } = t.context;
  const projector = rowsProjector();
  await appendNumbered(store, projector.tick, 1200);
  const { runner } = quickRunner(t.context, projector, { options: { batchSize: 500 } });
  await runner.start();
  t.teardown(() => runner.stop());
  await Promise.all([1, 2, 3, 4].map(() => appendNumbered(store, projector.tick, 75)));

  t.true(await eventually(async () => (await rowsOf(database, projector)).total >= 1500, 15_000));
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.deepEqual(await rowsOf(database, projector), { total: 1500, distinct: 1500 });
  const state = await projections.read(projector.name);
  t.is(state?.eventsApplied, 1500);
  t.is(state?.owner, 'node-a');
});

test('refuses the write of a paused owner whose lease was taken over', async (t) => {
  const { database, store, projections, redis } = t.context;
  let release: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (release = resolve));
  let blocked = 0;
  const id = randomUUID().slice(0, 8);
  const stale = rowsProjector(
    {
      gate: async () => {
        blocked += 1;
        await paused;
      },
    },
    id,
  );
  const healthy = rowsProjector({}, id);
  await appendNumbered(store, stale.tick, 50);

  const leasesA = createRedisLeaseManager({ redis, nodeId: 'node-a', keyPrefix });
  const leasesB = createRedisLeaseManager({ redis, nodeId: 'node-b', keyPrefix });
  const a = quickRunner(t.context, stale, {
    nodeId: 'node-a',
    leases: leasesA,
    options: { leaseTtlMs: 1500 },
  });
  await a.runner.start();
  t.teardown(() => a.runner.stop());
  // Teardowns run last first: if an assertion below fails, node-a's batch is let go before it is stopped.
  t.teardown(() => release());
  t.true(await eventually(() => blocked > 0), 'node-a is mid-batch');
  const epochA = (await projections.read(stale.name))?.epoch;

  // Redis restarts empty: node-a's lease is gone while it is still mid-batch.
  await redis.del(`${keyPrefix}${leaseName(stale.name)}`);
  const b = quickRunner(t.context, healthy, {
    nodeId: 'node-b',
    leases: leasesB,
    options: { leaseTtlMs: 1500 },
  });
  await b.runner.start();
  t.teardown(() => b.runner.stop());
  t.true(await eventually(async () => (await rowsOf(database, healthy)).total === 50), 'node-b took over');
  const state = await projections.read(stale.name);
  t.is(state?.owner, 'node-b');
  t.true((state?.epoch ?? 0) > (epochA ?? 0));

  release();
  t.true(
    await eventually(() => a.logger.lines.some((line) => /refused by the fence/.test(line.message))),
    'node-a finishes its batch and PostgreSQL refuses the checkpoint update',
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.deepEqual(await rowsOf(database, healthy), { total: 50, distinct: 50 }, 'the stale batch wrote nothing');
  await appendNumbered(store, stale.tick, 10);
  t.true(await eventually(async () => (await rowsOf(database, healthy)).total === 60));
});

test('parks on an event that keeps failing, and goes on after retry or skip', async (t) => {
  const { database, store, projections } = t.context;
  let poisoned = true;
  const projector = rowsProjector({ poisoned: () => poisoned });
  await appendNumbered(store, projector.tick, 2);
  const bad = await store.append(`poison-${projector.id}`, [
    { type: projector.poison, data: {}, metadata: testMetadata },
  ]);
  await appendNumbered(store, projector.tick, 1);

  const { runner, logger } = quickRunner(t.context, projector, { options: { maxAttempts: 2 } });
  await runner.start();
  t.teardown(() => runner.stop());

  const parked = await eventually(async () => (await projections.read(projector.name))?.parked);
  t.is(parked?.checkpoint.position, bad.position);
  t.is(parked?.eventType, projector.poison);
  // The parked row (copied into the operator's retry or skip event) names the failure, never its message,
  // which may quote the event's data; the log has the message.
  t.is(parked?.error, 'Error');
  const logged = logger.lines.find((line) => line.level === 'error')?.fields['err'];
  t.true(logged instanceof Error && /poisoned at/.test(logged.message));
  t.is((await rowsOf(database, projector)).total, 2, 'the events before it were applied, nothing after');
  t.true(logger.lines.some((line) => line.level === 'error' && /parked/.test(line.message)));

  // Retry while it still fails: parks again at the same event.
  t.true(await projections.retry(projector.name));
  t.true(await eventually(async () => (await projections.read(projector.name))?.status === 'running'));
  const again = await eventually(async () => (await projections.read(projector.name))?.parked);
  t.is(again?.checkpoint.position, bad.position);

  t.is(
    await projections.skipParkedEvent(projector.name, bad.position + 1n),
    null,
    'skips only the event it is parked on',
  );
  const skipped = await projections.skipParkedEvent(projector.name, bad.position);
  t.is(skipped?.eventType, projector.poison);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === 3));
  const state = await projections.read(projector.name);
  t.is(state?.status, 'running');
  t.is(state?.parked, null);
  poisoned = false;
});

test('retries a transient failure and parks nothing when the fault clears', async (t) => {
  const { database, store, projections } = t.context;
  let failures = 1;
  const projector = rowsProjector({ poisoned: () => failures-- > 0 });
  await store.append(`poison-${projector.id}`, [
    { type: projector.poison, data: {}, metadata: testMetadata },
  ]);
  const { runner } = quickRunner(t.context, projector, { options: { maxAttempts: 3 } });
  await runner.start();
  t.teardown(() => runner.stop());
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === 1));
  t.is((await projections.read(projector.name))?.status, 'running');
});

test('waits for a projection to show a write (read-your-writes)', async (t) => {
  const { store, projections } = t.context;
  const projector = rowsProjector();
  const { runner } = quickRunner(t.context, projector);
  await runner.start();
  t.teardown(() => runner.stop());
  const written = await store.append(`tick-${projector.id}`, [
    { type: projector.tick, data: {}, metadata: testMetadata },
  ]);
  t.true(await waitForProjection(projections, projector.name, written.checkpoint, 5000));
  const future = { transactionId: written.checkpoint.transactionId + 1_000_000n, position: 0n };
  t.false(await waitForProjection(projections, projector.name, future, 100));
});

test('refuses a paused ex-owner by its epoch alone, when the checkpoint has not moved', async (t) => {
  const { database, store, projections, redis } = t.context;
  const id = randomUUID().slice(0, 8);
  const gates = { a: 0, b: 0 };
  let releaseA: () => void = () => undefined;
  let releaseB: () => void = () => undefined;
  const pausedA = new Promise<void>((resolve) => (releaseA = resolve));
  const pausedB = new Promise<void>((resolve) => (releaseB = resolve));
  const stale = rowsProjector({ gate: () => ((gates.a += 1), pausedA) }, id);
  // The new owner claims and then waits in its own first batch: the checkpoint stays where node-a read it.
  const next = rowsProjector({ gate: () => ((gates.b += 1), pausedB) }, id);
  await appendNumbered(store, stale.tick, 20);

  const a = quickRunner(t.context, stale, {
    nodeId: 'node-a',
    leases: createRedisLeaseManager({ redis, nodeId: 'node-a', keyPrefix }),
    options: { leaseTtlMs: 1500 },
  });
  await a.runner.start();
  t.teardown(() => a.runner.stop());
  t.teardown(() => releaseA());
  t.true(await eventually(() => gates.a > 0), 'node-a is mid-batch');
  const before = await projections.read(stale.name);

  await redis.del(`${keyPrefix}${leaseName(stale.name)}`);
  const b = quickRunner(t.context, next, {
    nodeId: 'node-b',
    leases: createRedisLeaseManager({ redis, nodeId: 'node-b', keyPrefix }),
    options: { leaseTtlMs: 1500 },
  });
  await b.runner.start();
  t.teardown(() => b.runner.stop());
  t.teardown(() => releaseB());
  t.true(await eventually(() => gates.b > 0), 'node-b claimed and is mid-batch');
  const claimed = await projections.read(stale.name);
  t.is(claimed?.owner, 'node-b');
  t.true((claimed?.epoch ?? 0) > (before?.epoch ?? 0));
  t.deepEqual(claimed?.checkpoint, before?.checkpoint, 'only the epoch differs from what node-a expects');

  releaseA();
  t.true(
    await eventually(() => a.logger.lines.some((line) => /refused by the fence/.test(line.message))),
    'the epoch half of the compare-and-set refuses node-a',
  );
  t.deepEqual(await rowsOf(database, stale), { total: 0, distinct: 0 }, 'node-a wrote nothing');
  releaseB();
  t.true(await eventually(async () => (await rowsOf(database, next)).total === 20));
  t.deepEqual(await rowsOf(database, next), { total: 20, distinct: 20 });
});
