import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionContext, TestFn } from 'ava';
import type { LeaseManager } from '../../../application/ports/index.ts';

export interface LeaseContractContext {
  /** A manager acting as node `nodeId`; every manager made by one context shares one lease store. */
  node(nodeId: string): LeaseManager;
}

export const uniqueLeaseName = (label = 'lease') => `${label}-${randomUUID()}`;

/** A TTL no test waits out: long enough that a stalled test process cannot see it lapse. */
export const LONG_TTL_MS = 5_000;

/** Records that a run fell behind its schedule when more than `ms` have passed since `since`. */
export type Within = (since: number, ms: number) => void;

/**
 * Runs a scenario that races small TTLs against real time until one run kept to its schedule: on a loaded
 * machine a timer can fire hundreds of milliseconds late, and a run that slipped proves nothing either way.
 * The scenario calls `within` after each step whose outcome depends on time; a slipped run is discarded.
 */
export async function onSchedule<Context>(
  t: ExecutionContext<Context>,
  scenario: (tt: ExecutionContext<Context>, within: Within) => Promise<void>,
  attempts = 5,
): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    let slipped = false;
    const within: Within = (since, ms) => {
      if (Date.now() - since > ms) slipped = true;
    };
    const result = await t.try((tt) => scenario(tt, within));
    if (!slipped) {
      result.commit();
      return;
    }
    result.discard();
    t.log(`run ${attempt} fell behind its schedule; run again`);
  }
  t.fail(`all ${attempts} runs fell behind their schedule: the machine is too busy for this test`);
}

/**
 * The behaviour every {@link LeaseManager} adapter must show, in real time. TTLs that a test waits out are
 * 100–300 ms; the others are long. Register it with a `test` whose context can make managers (set up in
 * `test.before`); each test uses leases of its own.
 */
export function leaseContract(test: TestFn<LeaseContractContext>): void {
  test('only one of many concurrent acquirers wins', async (t) => {
    const name = uniqueLeaseName();
    const nodes = Array.from({ length: 12 }, (_, i) => t.context.node(`node-${i}`));
    const leases = await Promise.all(nodes.map((node) => node.tryAcquire(name, LONG_TTL_MS)));
    const won = leases.filter((lease) => lease !== null);
    t.is(won.length, 1);
    t.is(won[0]?.name, name);
    t.is(await t.context.node('late').tryAcquire(name, LONG_TTL_MS), null, 'still held for a latecomer');
  });

  test('a token names the node and differs at each grant', async (t) => {
    const node = t.context.node('node-a');
    const first = await node.tryAcquire(uniqueLeaseName(), LONG_TTL_MS);
    const second = await node.tryAcquire(uniqueLeaseName(), LONG_TTL_MS);
    t.regex(first?.token ?? '', /^node-a:.+/);
    t.not(first?.token, second?.token);
  });

  test('renew extends the lease past the expiry of its first grant', async (t) => {
    await onSchedule(t, async (tt, within) => {
      const name = uniqueLeaseName();
      const before = Date.now();
      const lease = await tt.context.node('a').tryAcquire(name, 300);
      if (lease === null) return tt.fail('not acquired');
      const acquired = Date.now();
      tt.true(
        lease.expiresAt >= before + 300 && lease.expiresAt <= acquired + 300,
        'expiresAt = grant + TTL',
      );
      const firstExpiry = lease.expiresAt;
      await sleep(100);
      const renewing = Date.now();
      const renewed = await lease.renew();
      within(before, 250);
      tt.true(renewed);
      tt.true(lease.expiresAt >= firstExpiry + 100, 'expiresAt moves with the renewal');
      // Past the first grant wherever the store started counting it, yet before the renewed one ends.
      await sleep(Math.max(0, acquired + 310 - Date.now()));
      const seen = await tt.context.node('b').inspect(name);
      within(renewing, 290);
      tt.is(seen?.token, lease.token);
    });
  });

  test('a lease lapses after its TTL; the old holder then neither renews nor releases the new one', async (t) => {
    const name = uniqueLeaseName();
    const old = await t.context.node('a').tryAcquire(name, 100);
    if (old === null) return t.fail('not acquired');
    await sleep(150);
    t.is(await t.context.node('a').inspect(name), null, 'free once lapsed');
    const taken = await t.context.node('b').tryAcquire(name, LONG_TTL_MS);
    if (taken === null) return t.fail('another node could not take the lapsed lease');
    t.false(await old.renew());
    await t.notThrowsAsync(old.release());
    t.is((await t.context.node('b').inspect(name))?.token, taken.token, 'the new holder keeps it');
    t.true(await taken.renew());
    t.false(await old.renew(), 'a lost lease stays lost');
  });

  test('release frees the lease for others at once and is idempotent', async (t) => {
    const name = uniqueLeaseName();
    const lease = await t.context.node('a').tryAcquire(name, LONG_TTL_MS);
    if (lease === null) return t.fail('not acquired');
    t.is(await t.context.node('b').tryAcquire(name, LONG_TTL_MS), null);
    await lease.release();
    t.is(await t.context.node('a').inspect(name), null);
    t.false(await lease.renew(), 'a released lease cannot be renewed');
    await t.notThrowsAsync(lease.release());
    const next = await t.context.node('b').tryAcquire(name, LONG_TTL_MS);
    t.truthy(next);
    t.is((await t.context.node('a').inspect(name))?.token, next?.token);
  });

  test('inspect shows the holder and the remaining time, and null for a free lease', async (t) => {
    const name = uniqueLeaseName();
    t.is(await t.context.node('a').inspect(name), null);
    const before = Date.now();
    const lease = await t.context.node('a').tryAcquire(name, LONG_TTL_MS);
    const seen = await t.context.node('b').inspect(name);
    const elapsed = Date.now() - before;
    t.is(seen?.token, lease?.token);
    const left = seen?.expiresInMs ?? 0;
    t.true(left <= LONG_TTL_MS && left >= LONG_TTL_MS - elapsed, `${left} ms left after ${elapsed} ms`);
    await sleep(50);
    const later = await t.context.node('b').inspect(name);
    t.true((later?.expiresInMs ?? Infinity) < left, 'the remaining time runs down');
  });

  test('refuses a TTL that is not a positive whole number of milliseconds', async (t) => {
    const node = t.context.node('a');
    for (const ttl of [0, -1, 1.5, Number.NaN]) {
      await t.throwsAsync(node.tryAcquire(uniqueLeaseName(), ttl), { instanceOf: RangeError });
    }
  });
}
