import anyTest, { type TestFn } from 'ava';
import { type PersonalDataLens, withPersonalDataProtection } from '../../application/personal-data/index.ts';
import { createMemoryLeaseManager } from '../../infrastructure/leases/index.ts';
import { createProjectionRunner } from '../../projections/index.ts';
import { memoryPersonalDataKeys } from '../application/personal-data/memory-personal-data-keys.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { testMetadata } from '../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../support/event-store-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { rowsOf, rowsProjector } from '../support/rows-projector.ts';

// An event that cannot be read (its personal data does not decrypt) is a poison event like one its projector
// fails on: the runner finds it, applies what comes before, and parks on it, visibly, instead of failing its
// batch again and again ("will resume") forever.
const test = anyTest as TestFn<ProjectionStoreContext>;
withProjectionStore(test, { poolMax: 8, pollIntervalMs: 100 });

interface Named {
  readonly subject: string;
  readonly name: string | null;
}

test('parks on an event whose personal data does not decrypt, and goes on once it is skipped', async (t) => {
  const { database, store, projections } = t.context;
  const projector = rowsProjector();
  const lens: PersonalDataLens = {
    subjectOf: (data) => (data as Named).subject,
    mapPersonal: (data, map) => {
      const named = data as Named;
      return { ...named, name: named.name === null ? null : map(named.name) };
    },
  };
  const protectedStore = withPersonalDataProtection(store, {
    keys: memoryPersonalDataKeys(),
    lenses: { [projector.tick]: lens },
  });
  const tick = (n: number) => ({
    type: projector.tick,
    data: { subject: `person-${n}`, name: `Иванов ${n}` },
    metadata: testMetadata,
  });
  for (const n of [1, 2, 3, 4]) await protectedStore.append(`ticks-${projector.id}-${n}`, [tick(n)]);
  // Tampered at rest: the third person's name no longer authenticates with their key.
  const { rows } = await database.pool.query<{ position: string }>(
    `update es.events set data = jsonb_set(data, '{name}', to_jsonb('pd1:' || repeat('A', 40)))
     where stream_id = $1 returning position`,
    [`ticks-${projector.id}-3`],
  );
  const tampered = BigInt(rows[0]?.position ?? '0');

  const logger = captureLogger();
  const runner = createProjectionRunner({
    projectors: [projector],
    eventStore: protectedStore,
    projectionStore: projections,
    leases: createMemoryLeaseManager({ nodeId: 'node-a' }),
    nodeId: 'node-a',
    logger,
    options: { leaseTtlMs: 600, idlePollMs: 50, retryBaseMs: 5, maxAttempts: 2, batchSize: 10 },
  });
  await runner.start();
  t.teardown(() => runner.stop());

  const parked = await eventually(async () => (await projections.read(projector.name))?.parked);
  t.is(parked?.checkpoint.position, tampered, 'parked on the tampered event');
  t.is(parked?.eventType, projector.tick);
  t.is(
    parked?.error,
    'UnreadableEventError EVENT_STORE.UNREADABLE_EVENT (cause: PersonalDataDecryptionError PERSONAL_DATA.UNDECRYPTABLE)',
  );
  t.is((await projections.read(projector.name))?.status, 'parked');
  t.deepEqual(await rowsOf(database, projector), { total: 2, distinct: 2 }, 'the events before it applied');
  t.true(logger.lines.some((line) => line.level === 'error' && /parked/.test(line.message)));
  t.false(
    logger.lines.some((line) => /will resume/.test(line.message)),
    'not the loop of a projection stopped by an error',
  );

  t.truthy(await projections.skipParkedEvent(projector.name, tampered));
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === 3));
  await protectedStore.append(`ticks-${projector.id}-5`, [tick(5)]);
  t.true(await eventually(async () => (await rowsOf(database, projector)).total === 4), 'and follows live');
});
