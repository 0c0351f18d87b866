import anyTest, { type TestFn } from 'ava';
import { Api } from 'grammy';
import { Registry } from 'prom-client';
import type { CheckResult } from '../../../../application/monitoring/index.ts';
import {
  createSelfWatch,
  makeSelfWatchCommands,
} from '../../../../application/monitoring/self-watch/index.ts';
import { randomIds } from '../../../../application/ports/index.ts';
import { type SettingsCommands, makeSettingsCommands } from '../../../../application/settings/index.ts';
import { makeTelegramUserCommands } from '../../../../application/telegram/index.ts';
import type { ServerRegistered } from '../../../../domain/monitoring/index.ts';
import type { EventMetadata } from '../../../../domain/shared/index.ts';
import { createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import {
  createMonitoringMetrics,
  createSelfWatchMetrics,
  checkCountsOf,
} from '../../../../infrastructure/metrics/index.ts';
import { postgresOutbox, postgresUnsentAlerts } from '../../../../infrastructure/notifications/index.ts';
import { startOutboxSender } from '../../../../interfaces/telegram/notifications/index.ts';
import { findLiveNodes } from '../../../../infrastructure/cluster/index.ts';
import {
  createProjectionRunner,
  monitoringNoticesReactor,
  openSelfCheckSubjects,
  selfWatchReactor,
} from '../../../../projections/index.ts';
import { BotApiEmulator } from '../../../support/bot-api-emulator.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
import { type RowsProjector, rowsProjector } from '../../../support/rows-projector.ts';
import { TEST_BOT_TOKEN } from '../../../support/telegram-harness.ts';
import { type MonitoringCommands, monitoringCommands, timing } from '../monitoring-fixture.ts';

// TBot watching itself on real PostgreSQL: conditions made true for real (an alert Telegram refuses, a
// projection parked by a poison event, the scheduler's own late-check counter), the self-watch job (its clock
// injected: no waiting on wall-clock minutes) appends, the self-watch reactor writes the outbox, the real sender
// delivers into the Bot API emulator, in the admins' topic or to each Telegram admin.
type Context = ProjectionStoreContext &
  MonitoringCommands & {
    emulator: BotApiEmulator;
    settings: SettingsCommands;
    rows: RowsProjector;
    stop: () => Promise<void>;
  };
const test = anyTest as TestFn<Context>;
withProjectionStore(test, { poolMax: 10, pollIntervalMs: 50 });

const ADMINS_CHAT = -1_009_000_000_001;
const ADMINS_TOPIC = 7;
const WAIT_MS = 20_000;

test.before(async (t) => {
  Object.assign(t.context, monitoringCommands(t.context.store));
  t.context.settings = makeSettingsCommands({ store: t.context.store });
  t.context.emulator = await BotApiEmulator.start();
  t.context.rows = rowsProjector({ poisoned: () => true });
  const runner = createProjectionRunner({
    projectors: [monitoringNoticesReactor, selfWatchReactor, t.context.rows],
    eventStore: t.context.store,
    projectionStore: t.context.projections,
    leases: createMemoryLeaseManager({ nodeId: 'node-a' }),
    nodeId: 'node-a',
    logger: captureLogger(),
    options: { leaseTtlMs: 600, idlePollMs: 50, retryBaseMs: 5 },
  });
  await runner.start();
  const sender = startOutboxSender({
    outbox: postgresOutbox(t.context.database.pool),
    api: new Api(TEST_BOT_TOKEN, { apiRoot: t.context.emulator.apiRoot }),
    settings: () => ({ 'bot.language': 'en' }),
    projectionStore: t.context.projections,
    reactors: [monitoringNoticesReactor.name, selfWatchReactor.name],
    nodeId: 'node-a',
    logger: captureLogger(),
    options: { idlePollMs: 50 },
  });
  t.context.stop = async () => {
    await sender.stop();
    await runner.stop();
  };
  await t.context.settings.change(
    { 'monitoring.adminsChat': `${ADMINS_CHAT}/${ADMINS_TOPIC}` },
    { metadata },
  );
});

test.after.always(async (t) => {
  await t.context.stop?.();
  await t.context.emulator?.stop();
});

/** A node's self-watch whose clock the test sets, with its own leases (each looks at the cluster too). */
function selfWatch(
  t: { context: Context },
  nodeId: string,
  clock: { now: number },
  registry = new Registry(),
) {
  return createSelfWatch({
    nodeId,
    commands: makeSelfWatchCommands({ store: t.context.store }),
    leases: createMemoryLeaseManager({ nodeId, now: () => clock.now }),
    unsent: postgresUnsentAlerts(t.context.database.pool, { reactors: [monitoringNoticesReactor.name] }),
    projections: t.context.projections,
    checkCounts: checkCountsOf(registry),
    openSelfChecks: (condition) => openSelfCheckSubjects(t.context.database.pool, condition),
    liveNodes: async () => (await findLiveNodes(t.context.database.pool)).map((node) => node.nodeId),
    tellingReactor: selfWatchReactor.name,
    metrics: createSelfWatchMetrics(registry),
    clock: { now: () => new Date(clock.now) },
    logger: captureLogger(),
  });
}

const adminTexts = (t: { context: Context }, chatId = ADMINS_CHAT) =>
  t.context.emulator.sentTo(chatId).map((m) => m.text);
const toldAdmins = (t: { context: Context }, text: string, chatId = ADMINS_CHAT) =>
  eventually(() => adminTexts(t, chatId).some((m) => m.includes(text)), WAIT_MS);
const streamTypes = async (t: { context: Context }, streamId: string) =>
  (await t.context.store.readStream(streamId)).map((e) => e.type);

test.serial(
  'late checks over the threshold on a node raise a self-alert naming it, and its end',
  async (t) => {
    const registry = new Registry();
    const scheduler = createMonitoringMetrics(registry);
    const clock = { now: Date.now() };
    const watch = selfWatch(t, 'n2', clock, registry);
    const run = (checks: number, late: number) => {
      for (let i = 0; i < checks; i += 1) {
        if (i < late) scheduler.checkLate('tcp');
        scheduler.checkRan('tcp', 'up', 0.01);
      }
    };
    // 0.5% of the checks run: a busy node's ordinary few late ones.
    run(3000, 15);
    t.is(await watch.runOnce(), 0, 'below the share: no alert');
    clock.now += 5 * 60_000;
    run(1200, 37);

    t.is(await watch.runOnce(), 1);
    t.true(
      await toldAdmins(
        t,
        '⚠️ TBot: 37 checks started late on node <code>n2</code> in the last 5 min (of 1200 run)',
      ),
    );
    const alert = t.context.emulator.sentTo(ADMINS_CHAT).find((m) => m.text.includes('37 checks'));
    t.is(alert?.message_thread_id, ADMINS_TOPIC, "in the admins' topic");
    t.regex(await registry.metrics(), /tbot_self_alerts_raised_total\{condition="checks-late"\} 1/);
    t.regex(await registry.metrics(), /tbot_self_check_failing\{condition="checks-late"\} 1/);

    clock.now += 60_000;
    t.is(await watch.runOnce(), 0, 'still failing: nothing new');
    // Past the window, with no new late check: clear.
    clock.now += 5 * 60_000;
    t.is(await watch.runOnce(), 1);
    t.true(await toldAdmins(t, '✅ TBot: checks on node <code>n2</code> start on time again (after 6 min)'));
    t.deepEqual(await streamTypes(t, 'monitoring-self-checks-late-n2'), [
      'SelfCheckFailed',
      'SelfCheckRecovered',
    ]);
    const [failed] = await t.context.store.readStream('monitoring-self-checks-late-n2');
    t.is(failed?.metadata.actor.kind, 'system');
    t.regex(await registry.metrics(), /tbot_self_check_failing\{condition="checks-late"\} 0/);
  },
);

test.serial(
  'a projection parked by a poison event raises a self-alert; skipping the event ends it',
  async (t) => {
    const { rows, projections } = t.context;
    await t.context.store.append(`rows-${rows.id}`, [{ type: rows.poison, data: {}, metadata }], {
      expectedRevision: 'no_stream',
    });
    t.true(await eventually(async () => (await projections.read(rows.name))?.status === 'parked', WAIT_MS));
    const clock = { now: Date.now() };
    const watch = selfWatch(t, 'n1', clock);

    t.is(await watch.runOnce(), 1);
    t.true(
      await toldAdmins(
        t,
        `⚠️ TBot: projection <code>${rows.name}</code> is parked on an event <code>${rows.poison}</code>`,
      ),
    );

    const parked = await projections.read(rows.name);
    const position = parked?.parked?.checkpoint.position;
    if (position === undefined) return t.fail('parked at a position');
    t.truthy(await projections.skipParkedEvent(rows.name, position));
    clock.now += 30_000;
    t.is(await watch.runOnce(), 1);
    t.true(await toldAdmins(t, `✅ TBot: projection <code>${rows.name}</code> runs again`));
    t.deepEqual(await streamTypes(t, `monitoring-self-projection-parked-${rows.name}`), [
      'SelfCheckFailed',
      'SelfCheckRecovered',
    ]);
  },
);

test.serial('with no admins chat, each Telegram admin is told privately, nobody else', async (t) => {
  const users = makeTelegramUserCommands({ store: t.context.store, adminIds: new Set() });
  const admin = 901_000_001;
  const operator = 901_000_002;
  for (const [id, role] of [
    [admin, 'admin'],
    [operator, 'operator'],
  ] as const) {
    const profile = {
      telegramUserId: id,
      username: null,
      firstName: 'U',
      lastName: null,
      languageCode: 'en',
    };
    await users.identify(profile, { metadata });
    await users.requestAccess(id, { metadata });
    await users.approve(id, role, { metadata });
  }
  await t.context.settings.change({ 'monitoring.adminsChat': null }, { metadata });
  const registry = new Registry();
  const scheduler = createMonitoringMetrics(registry);
  const clock = { now: Date.now() };
  const watch = selfWatch(t, 'n3', clock, registry);
  for (let i = 0; i < 12; i += 1) {
    scheduler.checkLate('http');
    scheduler.checkRan('http', 'up', 0.01);
  }
  const before = adminTexts(t).length;

  t.is(await watch.runOnce(), 1);
  t.true(await toldAdmins(t, '12 checks started late on node <code>n3</code>', admin));
  const { rows } = await t.context.database.pool.query<{ chat_id: string }>(
    `select chat_id from notifications.outbox where reactor = $1 and params->>'subject' = 'n3'`,
    [selfWatchReactor.name],
  );
  t.deepEqual(
    rows.map((r) => Number(r.chat_id)),
    [admin],
    'the admin only, not the operator, not the unset chat',
  );
  t.is(adminTexts(t).length, before);
  clock.now += 6 * 60_000;
  t.is(await watch.runOnce(), 1, 'n3 clear again: the admin is told that too');
  t.true(await toldAdmins(t, '✅ TBot: checks on node <code>n3</code> start on time again', admin));
  await t.context.settings.change(
    { 'monitoring.adminsChat': `${ADMINS_CHAT}/${ADMINS_TOPIC}` },
    { metadata },
  );
});

const scheduled: EventMetadata = {
  ...metadata,
  actor: { kind: 'system', id: 'scheduler', name: 'Scheduler' },
};
const SLOT = 29_400_000;
const at = (slot: number) => new Date(slot * 60_000).toISOString();

test.serial(
  'an alert Telegram refuses raises one self-alert however many nodes look, and its end once it clears',
  async (t) => {
    const kicked = -1_009_000_000_002;
    t.context.emulator.injectFault((method, payload) =>
      method === 'sendMessage' && Number(payload['chat_id']) === kicked
        ? { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' }
        : undefined,
    );
    const { groupId } = await t.context.groups.create({ name: 'Kicked group' }, { metadata });
    await t.context.groups.routeAlerts(groupId, { chatId: kicked, messageThreadId: null }, { metadata });
    const name = `pg-${randomIds.newId().slice(0, 6)}`;
    const { serverId } = await t.context.servers.register(
      { name, host: 'db01', groupId, checks: [{ definition: { kind: 'tcp', port: 5432 }, timing }] },
      { metadata },
    );
    const [registered] = await t.context.store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
    const checkId = registered?.data.checks[0]?.checkId ?? '';
    const report = (slot: number, status: 'up' | 'down'): Promise<unknown> => {
      const result: CheckResult = {
        checkId,
        serverId,
        slot,
        at: at(slot),
        status,
        error: status === 'down' ? 'connect ECONNREFUSED' : null,
        retries: 0,
      };
      return t.context.checkStates.recordResult(result, scheduled);
    };
    await report(SLOT, 'up');
    await report(SLOT + 1, 'down');
    const undeliverable = async () => {
      const { rows } = await t.context.database.pool.query(
        `select 1 from notifications.outbox where chat_id = $1 and status = 'undeliverable'`,
        [kicked],
      );
      return rows.length > 0;
    };
    t.true(await eventually(undeliverable, WAIT_MS), 'the alert is undeliverable');

    const clock = { now: Date.now() };
    const nodes = [selfWatch(t, 'node-a', clock), selfWatch(t, 'node-b', clock)];
    const changes = await Promise.all(nodes.map((node) => node.runOnce()));
    t.is(
      changes.reduce((a, b) => a + b, 0),
      1,
      'raised once by the two nodes',
    );
    t.true(await toldAdmins(t, '⚠️ TBot: 1 alert could not be sent (oldest 0 min)'));
    t.true(
      adminTexts(t).some((m) =>
        m.includes('Telegram said: <code>403 Forbidden: bot was kicked from the supergroup chat</code>'),
      ),
    );
    t.deepEqual(await streamTypes(t, 'monitoring-self-alerts-unsent-cluster'), ['SelfCheckFailed']);

    // Undeliverable rows count for 15 minutes after their last try; none new since.
    clock.now += 16 * 60_000;
    const ends = await Promise.all(nodes.map((node) => node.runOnce()));
    t.is(
      ends.reduce((a, b) => a + b, 0),
      1,
      'ended once',
    );
    t.true(await toldAdmins(t, '✅ TBot: alerts are being sent again (after 16 min)'));
    t.deepEqual(await streamTypes(t, 'monitoring-self-alerts-unsent-cluster'), [
      'SelfCheckFailed',
      'SelfCheckRecovered',
    ]);
    const { rows } = await t.context.database.pool.query<{ n: number }>(
      `select count(*)::int as n from notifications.outbox where reactor = $1 and params->>'condition' = 'alerts-unsent'`,
      [selfWatchReactor.name],
    );
    t.is(rows[0]?.n, 2, 'one message for the failure, one for its end');
  },
);

test.serial('a node that left while its checks ran late has its episode ended by another node', async (t) => {
  const registry = new Registry();
  const scheduler = createMonitoringMetrics(registry);
  // Past the unsent alert of the test before, which counts for 15 minutes of real time.
  const clock = { now: Date.now() + 60 * 60_000 };
  const leaving = selfWatch(t, 'gone-1', clock, registry);
  for (let i = 0; i < 10; i += 1) {
    scheduler.checkLate('tcp');
    scheduler.checkRan('tcp', 'down', 2);
  }
  t.is(await leaving.runOnce(), 1);
  t.true(await toldAdmins(t, '10 checks started late on node <code>gone-1</code>'));
  const open = async () =>
    (await openSelfCheckSubjects(t.context.database.pool, 'checks-late')).includes('gone-1');
  t.true(await eventually(open, WAIT_MS), 'the reactor keeps it open');

  // gone-1 never beat in cluster.nodes: not alive for the node that looks.
  clock.now += 60_000;
  const other = selfWatch(t, 'n1', clock);
  t.is(await other.runOnce(), 1);
  t.true(
    await toldAdmins(
      t,
      '✅ TBot: node <code>gone-1</code> left the cluster; its late checks are watched no more (after 1 min)',
    ),
  );
  const events = await t.context.store.readStream('monitoring-self-checks-late-gone-1');
  t.like(events[1]?.data, { ended: 'gone', failedForSeconds: 60 });
  t.true(await eventually(async () => !(await open()), WAIT_MS), 'no longer open');
  clock.now += 60_000;
  t.is(await other.runOnce(), 0, 'ended once');
});
