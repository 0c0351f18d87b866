import anyTest, { type TestFn } from 'ava';
import { type MemoryLeaseTable, createMemoryLeaseManager } from '../../../infrastructure/leases/index.ts';
import {
  type LeaseContractContext,
  leaseContract,
  uniqueLeaseName,
} from '../../application/ports/lease-contract.ts';

const test = anyTest as TestFn<LeaseContractContext>;

test.before((t) => {
  const table: MemoryLeaseTable = new Map();
  t.context.node = (nodeId) => createMemoryLeaseManager({ nodeId, table });
});

leaseContract(test);

/** Nodes sharing one table and one hand-driven clock. */
function frozenTime() {
  let time = 1_000_000;
  const table: MemoryLeaseTable = new Map();
  return {
    node: (nodeId: string) => createMemoryLeaseManager({ nodeId, table, now: () => time }),
    advance: (ms: number) => {
      time += ms;
    },
  };
}

test('a lease is held up to, and lapses exactly at, expiresAt on the injected clock', async (t) => {
  const clock = frozenTime();
  const name = uniqueLeaseName();
  const lease = await clock.node('a').tryAcquire(name, 100);
  t.is(lease?.expiresAt, 1_000_100);
  clock.advance(99);
  t.deepEqual(await clock.node('b').inspect(name), { token: lease?.token ?? '', expiresInMs: 1 });
  t.is(await clock.node('b').tryAcquire(name, 100), null);
  clock.advance(1);
  t.is(await clock.node('b').inspect(name), null);
  t.false(await (lease?.renew() ?? Promise.resolve(true)), 'too late to renew');
});

test('renew restarts the TTL from the time of renewal', async (t) => {
  const clock = frozenTime();
  const name = uniqueLeaseName();
  const lease = await clock.node('a').tryAcquire(name, 100);
  clock.advance(60);
  t.true(await (lease?.renew() ?? Promise.resolve(false)));
  t.is(lease?.expiresAt, 1_000_160);
  clock.advance(90);
  t.is((await clock.node('b').inspect(name))?.expiresInMs, 10);
});

test('managers without a shared table do not see each other', async (t) => {
  const name = uniqueLeaseName();
  t.truthy(await createMemoryLeaseManager({ nodeId: 'a' }).tryAcquire(name, 300));
  t.truthy(await createMemoryLeaseManager({ nodeId: 'b' }).tryAcquire(name, 300));
});
