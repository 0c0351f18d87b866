import test from 'ava';
import {
  type BatchFence,
  type ParkedEvent,
  type ProjectionStore,
  type Projector,
  type RecordedEvent,
  TransientStoreError,
  noProjectionMetrics,
} from '../../../application/ports/index.ts';
import { applyBatch } from '../../../projections/runner/apply-batch.ts';
import type { ApplyContext } from '../../../projections/runner/runner-context.ts';
import { runnerSettings } from '../../../projections/runner/runner-settings.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';

const EPOCH = 3;

/** A store that runs each batch's work and keeps what was committed, parked, and the epoch it reports. */
function fakeStore(options: { refuse?: boolean; epoch?: number } = {}) {
  const fences: BatchFence[] = [];
  const parks: Omit<ParkedEvent, 'at'>[] = [];
  const unused = () => Promise.reject(new Error('not used by applyBatch'));
  const store: ProjectionStore = {
    async applyBatch(_name, fence, work) {
      await work({ query: () => Promise.resolve({ rows: [], rowCount: 0 }) });
      if (options.refuse) return false;
      fences.push(fence);
      return true;
    },
    park(_name, epoch, event) {
      if (epoch !== (options.epoch ?? EPOCH)) return Promise.resolve(false);
      parks.push(event);
      return Promise.resolve(true);
    },
    read: (name) =>
      Promise.resolve({
        name,
        version: 1,
        epoch: options.epoch ?? EPOCH,
        owner: 'node-a',
        checkpoint: null,
        status: 'running',
        eventsApplied: 0,
        parked: null,
        rebuildStartedAt: null,
        updatedAt: new Date(0),
      }),
    register: unused,
    claim: unused,
    retry: unused,
    skipParkedEvent: unused,
    tryLockRebuild: unused,
    prepareRebuild: unused,
    indexRebuild: unused,
    applyRebuildBatch: unused,
    switchRebuild: unused,
    reset: unused,
    list: unused,
  };
  return { store, fences, parks };
}

/** Fails every batch that holds a `Poison` event, with `failure` (a plain error unless given). */
function poisonedProjector(failure: () => Error = () => new Error('poisoned')) {
  const applied: bigint[] = [];
  const projector: Projector = {
    name: 'rows',
    version: 1,
    schema: 'core',
    tables: ['rows'],
    eventTypes: [],
    createTables: () => Promise.resolve(),
    apply(events) {
      if (events.some((event) => event.type === 'Poison')) return Promise.reject(failure());
      applied.push(...events.map((event) => event.position));
      return Promise.resolve();
    },
  };
  return { projector, applied };
}

function events(...types: string[]): RecordedEvent[] {
  return recordedLog().append(
    'rows-1',
    types.map((type) => ({ type, data: {}, metadata: testMetadata })),
  );
}

function context(store: ProjectionStore, counts = { failed: 0, parked: 0 }) {
  const logger = captureLogger();
  const ctx: ApplyContext = {
    projectionStore: store,
    logger,
    metrics: {
      ...noProjectionMetrics,
      failed: () => (counts.failed += 1),
      parked: (_name, parked) => (counts.parked += parked ? 1 : 0),
    },
    settings: runnerSettings({ maxAttempts: 3, retryBaseMs: 1 }),
  };
  return { ctx, logger, counts };
}

test('applies a batch in one fenced transaction from the previous checkpoint to its last event', async (t) => {
  const { store, fences } = fakeStore();
  const { projector, applied } = poisonedProjector();
  const batch = events('Tick', 'Tick', 'Tick');
  const from = { transactionId: 999n, position: 0n };

  const outcome = await applyBatch(
    context(store).ctx,
    projector,
    EPOCH,
    from,
    batch,
    new AbortController().signal,
  );

  t.deepEqual(outcome, { kind: 'applied', checkpoint: batch[2]?.checkpoint });
  t.deepEqual(applied, [1n, 2n, 3n]);
  t.deepEqual(fences, [{ epoch: EPOCH, expected: from, next: batch[2]?.checkpoint, events: 3 }]);
});

test('applies a failing batch one event at a time and parks on the one that keeps failing', async (t) => {
  const { store, fences, parks } = fakeStore();
  const { projector, applied } = poisonedProjector();
  const batch = events('Tick', 'Poison', 'Tick');
  const { ctx, logger, counts } = context(store);

  const outcome = await applyBatch(ctx, projector, EPOCH, null, batch, new AbortController().signal);

  t.deepEqual(outcome, { kind: 'parked' });
  // The event before the poison is in, each alone; the one after it waits for the operator.
  t.deepEqual(applied, [1n]);
  t.deepEqual(fences, [{ epoch: EPOCH, expected: null, next: batch[0]?.checkpoint, events: 1 }]);
  t.deepEqual(parks, [{ checkpoint: batch[1]?.checkpoint, eventType: 'Poison', error: 'Error' }]);
  // The batch, then three tries of the poison event.
  t.is(counts.failed, 4);
  t.is(counts.parked, 1);
  t.is(logger.lines.filter((line) => /event failed; retrying/.test(line.message)).length, 2);
  t.true(logger.lines.some((line) => line.level === 'error' && /parked/.test(line.message)));
});

test('never parks on a store outage: it is thrown to the ownership, which resumes', async (t) => {
  const { store, parks } = fakeStore();
  const { projector } = poisonedProjector(() => new TransientStoreError('database unreachable'));

  await t.throwsAsync(
    applyBatch(context(store).ctx, projector, EPOCH, null, events('Poison'), new AbortController().signal),
    { instanceOf: TransientStoreError },
  );
  t.deepEqual(parks, []);
});

test('a failure after another node took the projection over is fenced, not a poison event', async (t) => {
  const { store, parks } = fakeStore({ epoch: EPOCH + 1 });
  const { projector, applied } = poisonedProjector();

  const outcome = await applyBatch(
    context(store).ctx,
    projector,
    EPOCH,
    null,
    events('Tick', 'Poison'),
    new AbortController().signal,
  );

  t.deepEqual(outcome, { kind: 'fenced' });
  t.deepEqual(applied, []);
  t.deepEqual(parks, []);
});

test('a write the fence refuses is fenced', async (t) => {
  const { store } = fakeStore({ refuse: true });
  const { projector } = poisonedProjector();

  const outcome = await applyBatch(
    context(store).ctx,
    projector,
    EPOCH,
    null,
    events('Tick'),
    new AbortController().signal,
  );

  t.deepEqual(outcome, { kind: 'fenced' });
});

test('stops retrying a failing event once the runner stops', async (t) => {
  const { store, parks } = fakeStore();
  const { projector } = poisonedProjector();
  const stopping = new AbortController();
  stopping.abort();

  const outcome = await applyBatch(
    context(store).ctx,
    projector,
    EPOCH,
    null,
    events('Poison'),
    stopping.signal,
  );

  t.deepEqual(outcome, { kind: 'stopped' });
  t.deepEqual(parks, []);
});
