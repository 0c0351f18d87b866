import anyTest, { type TestFn } from 'ava';
import type { LeaseManager, NewEvent } from '../../../application/ports/index.ts';
import type { TicketEvent } from '../../../domain/otrs/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager } from '../../../infrastructure/leases/index.ts';
import { createPostgresProjectionStore } from '../../../infrastructure/projections/index.ts';
import {
  otrsEscalationTimer,
  startOtrsEscalationTimer,
} from '../../../interfaces/runtime/otrs-escalation-runtime.ts';
import { type ProjectionRunner, createProjectionRunner } from '../../../projections/index.ts';
import { type OtrsDatabase, otrsProjector, otrsQueries } from '../../../projections/otrs/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { ticketOpened } from '../../support/otrs-read-model-fixture.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The escalation timer over real PostgreSQL: tickets recorded in the log as the feed would, the OTRS read
// model projected by the runner, and the timer's runs recording each due escalation once, one node at a time.
interface Context {
  database: TestDatabase;
  store: PostgresEventStore;
  runner: ProjectionRunner;
}
const test = anyTest.serial as TestFn<Context>;

const MINUTE = 60_000;
const inMinutes = (minutes: number) =>
  new Date(Date.now() + minutes * MINUTE).toISOString().replace(/\.\d+Z$/, '.000Z');
const event = (e: { type: string; data: object }): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: new Date().toISOString() },
});
const settings = { current: () => ({ 'otrs.escalationWarnMinutes': 30 }) };

/** A lease table shared by two "nodes", on a clock the test moves. */
let leaseNow = Date.now();
const leaseTable: NonNullable<Parameters<typeof createMemoryLeaseManager>[0]['table']> = new Map();
const leasesOf = (nodeId: string): LeaseManager =>
  createMemoryLeaseManager({ nodeId, table: leaseTable, now: () => leaseNow });

const timerOf = (t: { context: Context }, nodeId: string, batchSize?: number) =>
  otrsEscalationTimer({
    config: { nodeId, roles: ['workers'], otrs: undefined },
    db: t.context.database.db.withTables<OtrsDatabase>(),
    eventStore: t.context.store,
    leases: leasesOf(nodeId),
    settings,
    logger: captureLogger(),
    everyMs: 10_000,
    ...(batchSize === undefined ? {} : { batchSize }),
  });

const escalationsOf = async (t: { context: Context }, ticketId: number) =>
  (await t.context.store.readStream<TicketEvent>(`otrs-ticket-${ticketId}`))
    .filter((e) => e.type === 'TicketEscalated' || e.type === 'TicketEscalationNear')
    .map((e) => e.type);

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 6 });
  t.context.database = database;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
  t.context.runner = createProjectionRunner({
    projectors: [otrsProjector],
    eventStore: t.context.store,
    projectionStore: createPostgresProjectionStore(database.pool),
    leases: createMemoryLeaseManager({ nodeId: 'projections' }),
    nodeId: 'projections',
    logger: captureLogger(),
    options: { idlePollMs: 50 },
  });
  await t.context.runner.start();
});

test.after.always(async (t) => {
  await t.context.runner?.stop();
  await t.context.store?.close();
  await t.context.database?.drop();
});

const escalations = (solution: string | null, update: string | null = null) => ({
  firstResponse: null,
  update,
  solution,
});

test('due escalations are recorded once, on one node at a time, in bounded batches', async (t) => {
  const { store } = t.context;
  // 1: solution past due. 2: update due in 10 minutes (within the 30-minute warning). 3: due in 2 hours.
  // 4: past due but closed.
  await store.append('otrs-ticket-1', [event(ticketOpened(1, { escalations: escalations(inMinutes(-5)) }))]);
  await store.append('otrs-ticket-2', [
    event(ticketOpened(2, { escalations: escalations(null, inMinutes(10)) })),
  ]);
  await store.append('otrs-ticket-3', [event(ticketOpened(3, { escalations: escalations(inMinutes(120)) }))]);
  await store.append('otrs-ticket-4', [
    event(
      ticketOpened(4, {
        state: { state: 'closed successful', stateType: 'closed' },
        escalations: escalations(inMinutes(-5)),
      }),
    ),
  ]);
  const queries = otrsQueries(t.context.database.db.withTables<OtrsDatabase>());
  t.truthy(await eventually(async () => (await queries.ticketById(4)) !== null, 10_000), 'projected');

  // A batch of one: the earliest due first; the other node waits for the lease.
  t.deepEqual(await timerOf(t, 'node-a', 1).runOnce(), { checked: 1, announced: 1, failed: 0 });
  t.is(await timerOf(t, 'node-b').runOnce(), null, 'node-a holds the duty');
  t.deepEqual(await escalationsOf(t, 1), ['TicketEscalated']);
  t.deepEqual(await escalationsOf(t, 2), []);

  // The next run (the lease lapsed), whether or not the read model has seen the first announcement yet
  // (ticket 1 checked again records nothing twice): ticket 2 is announced as near.
  leaseNow += 10_000;
  const second = await timerOf(t, 'node-b').runOnce();
  t.like(second, { announced: 1, failed: 0 });
  t.deepEqual(await escalationsOf(t, 1), ['TicketEscalated']);
  t.deepEqual(await escalationsOf(t, 2), ['TicketEscalationNear']);

  // Once projected, nothing is due: the far one and the closed one never were.
  t.truthy(
    await eventually(
      async () =>
        (await queries.dueEscalations({ now: new Date(), warnBeforeSeconds: 1800, limit: 10 })).length === 0,
      10_000,
    ),
  );
  leaseNow += 10_000;
  t.deepEqual(await timerOf(t, 'node-a').runOnce(), { checked: 0, announced: 0, failed: 0 });
  t.deepEqual(await escalationsOf(t, 3), []);
  t.deepEqual(await escalationsOf(t, 4), []);
});

test('no timer when the OTRS feature is off or on a node without the workers role', (t) => {
  const deps = {
    db: t.context.database.db.withTables<OtrsDatabase>(),
    eventStore: t.context.store,
    leases: leasesOf('node-c'),
    settings,
    logger: captureLogger(),
  };
  const otrs = { baseUrl: 'http://127.0.0.1:9/otrs' } as never;
  t.is(
    startOtrsEscalationTimer({ ...deps, config: { nodeId: 'c', roles: ['workers'], otrs: undefined } }),
    null,
  );
  t.is(startOtrsEscalationTimer({ ...deps, config: { nodeId: 'c', roles: ['api', 'bot'], otrs } }), null);
});
