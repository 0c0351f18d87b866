import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { compareCheckpoints } from '../../application/ports/index.ts';
import type { PostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { type ProjectionStore, auditProjector } from '../../projections/index.ts';
import { testMetadata } from '../support/event-fixtures.ts';
import {
  type ProjectionStoreContext,
  type RedisContext,
  TEST_REDIS_URL,
  withProjectionStore,
  withRedis,
} from '../support/event-store-fixture.ts';
import { eventually } from '../support/eventually.ts';
import { freePort } from '../support/free-port.ts';
import { type ServingTbot, serveTbot } from '../support/tbot-process.ts';
import type { TestDatabase } from '../support/test-database.ts';

type Context = ProjectionStoreContext & RedisContext;
const test = anyTest as TestFn<Context>;
withProjectionStore(test, { poolMax: 6 });
const KEY_PREFIX = withRedis(test);
const LEASE_TTL_MS = 1500;

async function startNode(context: Context, nodeId: string): Promise<ServingTbot> {
  return serveTbot({
    DATABASE_URL: context.database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: KEY_PREFIX,
    NODE_ID: nodeId,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    ROLES: 'api,workers',
    PROJECTION_LEASE_TTL_MS: String(LEASE_TTL_MS),
    PROJECTION_BATCH_SIZE: '20',
    DB_POOL_MAX: '4',
    // Longer than the pause of the owner stopped mid-batch, so that its commit meets the fence, not a closed
    // session; the node that takes over waits on the paused one's rows meanwhile.
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '20000',
  });
}

/** Appends small batches until stopped, as a busy helpdesk would. */
function startWriter(store: PostgresEventStore) {
  let running = true;
  let appended = 0;
  const done = (async () => {
    while (running) {
      await store.append(
        `employee-${randomUUID()}`,
        Array.from({ length: 3 }, (_, i) => ({ type: 'EmployeeHired', data: { i }, metadata: testMetadata })),
      );
      appended += 3;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    get appended() {
      return appended;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

/**
 * Stops `node` mid-batch by construction: the test holds a lock that the audit batch's insert needs, waits until
 * the node's batch waits on it, stops the node, and lets the insert through. The node's transaction is then
 * open with its rows written and its checkpoint update not yet sent: it can only commit after its SIGCONT.
 */
async function pauseMidBatch(
  database: TestDatabase,
  nodeId: string,
  node: ServingTbot | undefined,
): Promise<boolean> {
  const backends = async (condition: string) =>
    (
      await database.pool.query(
        `select 1 from pg_stat_activity where application_name = $1 and ${condition}`,
        [`tbot:${nodeId}`],
      )
    ).rows.length;
  const blocker = await database.pool.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table core.audit_log in share mode');
    const waiting = await eventually(() => backends(`wait_event_type = 'Lock'`), 10_000);
    node?.child.kill('SIGSTOP');
    await blocker.query('commit');
    if (!waiting) return false;
  } finally {
    blocker.release();
  }
  // Its insert done server-side, the stopped client never sends the checkpoint update.
  return (
    (await eventually(() => backends(`state = 'idle in transaction' and backend_xid is not null`), 10_000)) >
    0
  );
}

const owner = async (projections: ProjectionStore) =>
  (await projections.read(auditProjector.name))?.owner ?? null;

test('three nodes share the audit projection: a killed owner is replaced, a paused one is fenced, nothing is lost or doubled', async (t) => {
  const { store, projections, database } = t.context;
  const nodes = new Map<string, ServingTbot>();
  t.teardown(async () => {
    for (const node of nodes.values()) {
      node.child.kill('SIGCONT');
      await node.stop('SIGKILL');
    }
  });
  for (const id of ['node-1', 'node-2', 'node-3']) nodes.set(id, await startNode(t.context, id));
  const writer = startWriter(store);
  t.teardown(() => writer.stop());

  const first = await eventually(() => owner(projections), 15_000);
  t.truthy(first, 'a node owns the audit projection');
  await eventually(async () => ((await projections.read('audit'))?.eventsApplied ?? 0) > 30, 10_000);

  // kill -9 the owner, mid-work: another node takes over within TTL + 2 s.
  const killedAt = Date.now();
  nodes.get(first ?? '')?.child.kill('SIGKILL');
  const second = await eventually(async () => {
    const current = await owner(projections);
    return current !== first ? current : null;
  }, LEASE_TTL_MS + 5000);
  const takeoverMs = Date.now() - killedAt;
  t.truthy(second, 'another node took over');
  t.true(takeoverMs <= LEASE_TTL_MS + 2000, `takeover took ${takeoverMs} ms`);
  t.log(`takeover after kill -9: ${takeoverMs} ms`);

  // SIGSTOP the new owner mid-batch (its write transaction open, as PostgreSQL shows it) and past its TTL:
  // a third node takes over; on SIGCONT the paused node's commit is refused by the fence.
  const paused = nodes.get(second ?? '');
  const midBatch = await pauseMidBatch(database, second ?? '', paused);
  t.true(midBatch, 'the paused owner is mid-batch: rows written, checkpoint update not sent');
  const third = await eventually(async () => {
    const current = await owner(projections);
    return current !== second ? current : null;
  }, LEASE_TTL_MS + 8000);
  t.truthy(third, 'the last node took over from the paused one');
  const linesBefore = paused?.logs.length ?? 0;
  paused?.child.kill('SIGCONT');
  const stepDown = await eventually(
    () =>
      paused?.logs
        .slice(linesBefore)
        .find((line) =>
          /refused by the fence|lease lost|taken over|stopped by an error/.test(String(line['msg'])),
        ),
    10_000,
  );
  if (!stepDown)
    t.log(
      paused?.logs
        .slice(linesBefore)
        .map((line) => `${String(line['msg'])} ${JSON.stringify(line['err'] ?? '').slice(0, 200)}`),
    );
  t.truthy(stepDown, 'the resumed ex-owner learns it no longer owns the projection');
  const refusal = await eventually(() =>
    paused?.logs.slice(linesBefore).find((line) => /refused by the fence/.test(String(line['msg']))),
  );
  if (!refusal) t.log(paused?.logs.slice(linesBefore).map((line) => String(line['msg'])));
  t.truthy(refusal, 'the batch in flight was refused by the fence (the epoch compare-and-set)');
  t.log(`resumed ex-owner: ${String(stepDown?.['msg'])}`);

  await writer.stop();
  // The log's order is (transaction, position): the head is the last pair in it, not the highest position.
  const head = await eventually(() => store.headCheckpoint());
  const caughtUp = await eventually(async () => {
    const at = (await projections.read('audit'))?.checkpoint;
    return at && head ? compareCheckpoints(at, head) >= 0 : false;
  }, 15_000);
  if (!caughtUp) {
    const state = await projections.read('audit');
    t.log({
      head: String(head?.position),
      state: { ...state, checkpoint: String(state?.checkpoint?.position) },
    });
    for (const [id, node] of nodes)
      t.log(
        id,
        node.logs.slice(-6).map((l) => `${String(l['msg'])} ${JSON.stringify(l['err'] ?? '').slice(0, 200)}`),
      );
  }
  t.true(caughtUp, 'the read model caught up with the log');

  // Nothing lost, nothing twice: the live read model equals a fresh fold of the whole log.
  await projections.prepareRebuild(auditProjector);
  for (let from = null as Awaited<ReturnType<typeof store.headCheckpoint>>; ;) {
    const batch = await store.readAll(from, { maxCount: 2000 });
    const last = batch.at(-1);
    if (!last) break;
    await projections.applyRebuildBatch(auditProjector, batch);
    from = last.checkpoint;
  }
  const { rows } = await database.pool.query<{ live: string; fresh: string; differing: string }>(
    `select (select count(*) from core.audit_log) as live,
            (select count(*) from core.audit_log__rebuild) as fresh,
            (select count(*) from ((select * from core.audit_log except select * from core.audit_log__rebuild)
              union all (select * from core.audit_log__rebuild except select * from core.audit_log)) d) as differing`,
  );
  t.is(rows[0]?.live, rows[0]?.fresh);
  t.is(rows[0]?.differing, '0');
  t.true(
    Number(rows[0]?.live) >= writer.appended,
    `${rows[0]?.live} rows for ${writer.appended} appended events`,
  );
});
