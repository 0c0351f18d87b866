import anyTest, { type TestFn } from 'ava';
import type { Lease, LeaseManager } from '../../../application/ports/index.ts';
import type { TelegramRuntime } from '../../../interfaces/runtime/telegram-runtime.ts';
import type { EmulatedUser } from '../../support/bot-api-emulator.ts';
import { eventually } from '../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

const test = anyTest as TestFn<{ harness: TelegramHarness }>;

const ADMIN: EmulatedUser = { id: 1001, first_name: 'Анна', language_code: 'ru' };
/** TELEGRAM_POLLING_LEASE_TTL_MS in the harness. */
const TTL_MS = 1500;

test.before(async (t) => {
  t.context.harness = await startTelegramHarness({ TELEGRAM_ADMIN_IDS: String(ADMIN.id) });
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

/** The bot answers /start, whichever node polls. */
async function answers(harness: TelegramHarness): Promise<boolean> {
  const before = harness.emulator.sentTo(ADMIN.id).length;
  harness.emulator.sendText(ADMIN, '/start');
  return Boolean(await eventually(() => harness.emulator.sentTo(ADMIN.id)[before], 8000));
}

/** A lease manager whose holder never says goodbye: what a node that dies leaves behind. */
function dyingLeases(base: LeaseManager): LeaseManager {
  return {
    async tryAcquire(name, ttlMs) {
      const lease = await base.tryAcquire(name, ttlMs);
      if (!lease) return null;
      const held: Lease = {
        name: lease.name,
        token: lease.token,
        get expiresAt() {
          return lease.expiresAt;
        },
        renew: () => lease.renew(),
        release: () => Promise.resolve(),
      };
      return held;
    },
    inspect: (name) => base.inspect(name),
  };
}

const pollers = (...nodes: TelegramRuntime[]) => nodes.filter((node) => node.isPolling()).length;

test.serial('one node polls; when it stops, the other takes over', async (t) => {
  const { harness } = t.context;
  const first = await harness.startBot({ nodeId: 'node-a' });
  t.true(await eventually(() => first.isPolling()));
  const second = await harness.startBot({ nodeId: 'node-b' });
  await new Promise((resolve) => setTimeout(resolve, TTL_MS));
  t.is(pollers(first, second), 1, 'only the lease holder polls');
  t.true(await answers(harness));

  await first.stop();
  t.true(await eventually(() => second.isPolling(), TTL_MS * 2));
  t.true(await answers(harness));
  t.is(harness.emulator.conflicts, 0, 'never two getUpdates at once');
  await second.stop();
});

test.serial('when the polling node dies, another takes over within about the lease TTL', async (t) => {
  const { harness } = t.context;
  const doomed = await harness.startBot({
    nodeId: 'node-c',
    leases: dyingLeases(harness.redisLeases('node-c')),
  });
  t.true(await eventually(() => doomed.isPolling()));
  const survivor = await harness.startBot({ nodeId: 'node-d' });
  await doomed.stop();
  const diedAt = Date.now();
  // Within a few TTLs (a loaded machine only makes it later); never before the dead node's lease ran out.
  t.true(await eventually(() => survivor.isPolling(), TTL_MS * 3), 'the survivor took over');
  const takeoverMs = Date.now() - diedAt;
  t.true(takeoverMs >= TTL_MS / 2, `waited for the dead node's lease (${takeoverMs} ms)`);
  t.true(await answers(harness));
  await survivor.stop();
});

test.serial('a node that loses its lease stops polling', async (t) => {
  const { harness } = t.context;
  const node = await harness.startBot({ nodeId: 'node-e' });
  t.true(await eventually(() => node.isPolling()));
  // As if the lease lapsed during a pause and someone else took it.
  const keys = await harness.redis.keys(`${harness.keyPrefix}lease:telegram:*:poller`);
  t.is(keys.length, 1);
  const [key] = keys;
  if (key === undefined) return;
  await harness.redis.set(key, 'another-node:token', 'PX', 60_000);
  t.true(await eventually(() => !node.isPolling(), TTL_MS * 2), 'stopped polling');
  await node.stop();
});
