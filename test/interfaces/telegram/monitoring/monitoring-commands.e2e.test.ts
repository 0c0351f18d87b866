import anyTest, { type TestFn } from 'ava';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type {
  CheckStateEvent,
  MaintenanceWindowEvent,
  ServerRegistered,
} from '../../../../domain/monitoring/index.ts';
import type { EventMetadata } from '../../../../domain/shared/index.ts';
import { claimPartition } from '../../../../infrastructure/monitoring/partitions/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { monitoringProjector } from '../../../../projections/index.ts';
import type { ActorNamesDatabase } from '../../../../projections/audit/index.ts';
import { type MonitoringDatabase, monitoringQueries } from '../../../../projections/monitoring/index.ts';
import {
  type MonitoringCommands,
  monitoringCommands,
  timing,
} from '../../../application/monitoring/monitoring-fixture.ts';
import type { EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { replyTo } from '../../../support/bot-replies.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../../support/telegram-harness.ts';

// /status, /server, /ack and /maintenance through a running bot and the Bot API emulator, over servers
// registered through the real handlers, the monitoring read model projected and results in the results store.
type Context = { harness: TelegramHarness } & MonitoringCommands;
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 1401, first_name: 'Анна', language_code: 'ru' };
const VIEWER: EmulatedUser = { id: 1402, first_name: 'Зритель', language_code: 'ru' };
const CHAT = -1_002_000_000_014;
const scheduler: EventMetadata = {
  ...metadata,
  actor: { kind: 'system', id: 'scheduler', name: 'Scheduler' },
};
const MINUTE_SLOT = () => Math.floor(Date.now() / 60_000);
const servers: Record<string, { serverId: string; checkId: string }> = {};

test.before(async (t) => {
  // The harness runs the employees and telegram projections and the reactors; the read model the commands read too.
  const harness = await startTelegramHarness({ TELEGRAM_ADMIN_IDS: String(ADMIN.id) }, [monitoringProjector]);
  t.context.harness = harness;
  Object.assign(t.context, monitoringCommands(harness.eventStore));
  const runtime = await harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

const say = async (t: { context: Context }, who: EmulatedUser, text: string) =>
  (await replyTo(t.context.harness.emulator, who, text)).text;

const reads = (t: { context: Context }) =>
  monitoringQueries(t.context.harness.database.db.withTables<MonitoringDatabase & ActorNamesDatabase>());

async function register(t: { context: Context }, name: string, groupId: string) {
  const { serverId } = await t.context.servers.register(
    { name, host: `${name}.lan`, groupId, checks: [{ definition: { kind: 'tcp', port: 22 }, timing }] },
    { metadata },
  );
  const [registered] = await t.context.harness.eventStore.readStream<ServerRegistered>(
    `monitoring-server-${serverId}`,
  );
  servers[name] = { serverId, checkId: registered?.data.checks[0]?.checkId ?? '' };
}

async function report(t: { context: Context }, name: string, slot: number, status: 'up' | 'down') {
  const { serverId, checkId } = servers[name] ?? { serverId: '', checkId: '' };
  await t.context.checkStates.recordResult(
    {
      checkId,
      serverId,
      slot,
      at: new Date(slot * 60_000).toISOString(),
      status,
      error: status === 'down' ? 'connect ECONNREFUSED' : null,
      retries: 0,
    },
    scheduler,
  );
}

test('set-up: the admin of TELEGRAM_ADMIN_IDS, a viewer the admin lets in, three servers of a routed group, one down', async (t) => {
  const { emulator } = t.context.harness;
  t.truthy(await say(t, ADMIN, '/start'));
  t.truthy(await say(t, VIEWER, '/start'));
  const request = await eventually(
    () => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${VIEWER.id}`)),
    10_000,
  );
  const viewerButton = request?.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'наблюдатель');
  emulator.press(ADMIN, request?.message_id ?? 0, viewerButton?.callback_data ?? '');
  t.truthy(await eventually(() => emulator.sentTo(VIEWER.id).length >= 2, 10_000), 'the viewer is approved');

  const { groupId } = await t.context.groups.create({ name: 'Core & <Edge>' }, { metadata });
  await t.context.groups.routeAlerts(groupId, { chatId: CHAT, messageThreadId: null }, { metadata });
  await register(t, 'core-web', groupId);
  await register(t, 'core-db', groupId);
  await register(t, 'core-app', groupId);
  const slot = MINUTE_SLOT() - 5;
  for (const name of ['core-web', 'core-db', 'core-app']) await report(t, name, slot, 'up');
  await report(t, 'core-db', slot + 1, 'down');
  const down = await eventually(async () => {
    const shown = await reads(t).listServers({ groupId, limit: 10, offset: 0 });
    return shown.some((s) => s.name === 'core-db' && s.state === 'down');
  }, 10_000);
  t.true(down, 'the read model shows core-db down');
});

test('/status: the group DOWN by its rule, then its servers with a state emoji since when, names escaped', async (t) => {
  const board = await say(t, VIEWER, '/status');
  const lines = board.split('\n');
  t.is(lines[0], '🔴 <b>Core &amp; &lt;Edge&gt;: недоступно 1 из 3</b>');
  t.regex(lines[1] ?? '', /^🟢 core-app — работает с \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  t.regex(lines[2] ?? '', /^🔴 core-db — недоступен с \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  t.regex(lines[3] ?? '', /^🟢 core-web — работает с /);
  t.is(lines.length, 4);

  t.is(await say(t, VIEWER, '/status core & <edge>'), board, 'one group by its name, case ignored');
  t.is(await say(t, VIEWER, '/status Nowhere'), 'Группы «Nowhere» нет.');

  const help = await say(t, VIEWER, '/help');
  t.true(help.includes('/status') && help.includes('/server'), help);
  t.false(help.includes('/ack') || help.includes('/maintenance'), help);
  t.true((await say(t, ADMIN, '/help')).includes('/maintenance ИМЯ 30m'));
});

test('/server: state, each check’s last result, uptime 24 h / 7 d / 30 d and latency from the results store', async (t) => {
  const { pool } = t.context.harness.database;
  const { serverId, checkId } = servers['core-web'] ?? { serverId: '', checkId: '' };
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  const partition = checkPartitionOf(checkId);
  const epoch = await claimPartition(pool, partition, 'test');
  const now = Date.now();
  const slotOf = (minutesAgo: number) => Math.floor((now - minutesAgo * 60_000) / 60_000);
  const result = (
    minutesAgo: number,
    status: 'up' | 'down',
    latencyMs: number | null,
    inMaintenance = false,
  ) => ({
    checkId,
    serverId,
    slot: slotOf(minutesAgo),
    intervalSeconds: 60,
    startedAt: new Date(slotOf(minutesAgo) * 60_000 + 200),
    status,
    latencyMs,
    message: status === 'down' ? 'connect ECONNREFUSED' : null,
    inMaintenance,
  });
  t.like(
    await results.record({
      partition,
      epoch,
      results: [
        // Down in a maintenance window before: kept, but not in the uptime (still 3 of 4 below).
        result(6, 'down', null, true),
        result(5, 'down', null, true),
        result(4, 'up', 10),
        result(3, 'up', 20),
        result(2, 'down', null),
        result(1, 'up', 30),
      ],
    }),
    { written: true, recorded: 6 },
  );

  const card = (await say(t, VIEWER, '/server CORE-WEB')).split('\n');
  t.is(card[0], '🟢 <b>core-web (core-web.lan)</b>');
  t.regex(card[1] ?? '', /^Состояние: работает с \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  t.regex(card[2] ?? '', /^🟢 tcp:22: работает, последняя \d{4}-\d\d-\d\d \d\d:\d\d UTC: успешно, 30 мс$/);
  t.is(card[3], 'Доступность: 24 ч 75.00% · 7 дн 75.00% · 30 дн 75.00%');
  // Percentiles interpolate between the samples (10, 20, 30 ms): p95 is 29.
  t.is(card[4], 'Задержка за 24 ч: p50 20 мс, p95 29 мс');
  t.is(card[5], 'Открытых инцидентов нет.');

  const db = (await say(t, VIEWER, '/server core-db')).split('\n');
  t.regex(db.at(-1) ?? '', /^🚨 Открыт инцидент с .* UTC: connect ECONNREFUSED$/);
  t.is(await say(t, VIEWER, '/server nosuch'), 'Сервера «nosuch» нет.');
  t.is(await say(t, VIEWER, '/server'), 'Напишите имя сервера: /server core01');
});

test('/maintenance: a one-off window from now, written with the admin as its actor; bad arguments refused', async (t) => {
  const { eventStore } = t.context.harness;
  const { serverId } = servers['core-web'] ?? { serverId: '' };
  const answer = await say(t, ADMIN, '/maintenance core-web 30m kernel update');
  t.regex(answer, /^Обслуживание «core-web» до \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
  const window = await eventually(async () => {
    const [shown] = await reads(t).listMaintenanceWindows({ serverId, limit: 5, offset: 0 });
    return shown;
  }, 10_000);
  if (!window) throw new Error('no window');
  t.is(window.reason, 'kernel update');
  t.is(window.schedule.kind, 'once');
  if (window.schedule.kind === 'once') {
    const minutes = (Date.parse(window.schedule.until) - Date.parse(window.schedule.from)) / 60_000;
    t.is(minutes, 30);
  }
  const events = await eventStore.readStream<MaintenanceWindowEvent>(
    `monitoring-maintenance-${window.windowId}`,
  );
  t.is(events.length, 1);
  t.is(events[0]?.type, 'MaintenanceWindowScheduled');
  t.like(events[0]?.metadata.actor, { kind: 'telegram', id: String(ADMIN.id) });

  const usage =
    'Так: /maintenance ИМЯ 30m [причина]; длительность от 1m до 7d (m, h, d), причина до 500 символов.';
  for (const bad of [
    '/maintenance core-web',
    '/maintenance core-web 0m',
    '/maintenance core-web 8d',
    '/maintenance core-web 10081m',
    `/maintenance core-web 30m ${'x'.repeat(501)}`,
    '/maintenance core-web 30m bad\u0007bell',
    '/maintenance core\u0000web 30m',
  ]) {
    t.is(await say(t, ADMIN, bad), usage, JSON.stringify(bad));
  }
  t.is(await say(t, ADMIN, '/maintenance nosuch 1h'), 'Сервера «nosuch» нет.');
  t.is(await say(t, VIEWER, '/maintenance core-web 30m'), 'Эта команда недоступна для вашей роли.');
  const windows = await reads(t).listMaintenanceWindows({ serverId, limit: 5, offset: 0 });
  t.is(windows.length, 1, 'nothing else written');
});

test('/ack NAME: the viewer is refused; the admin takes the open incident, IncidentAcknowledged by them', async (t) => {
  const { eventStore } = t.context.harness;
  const { serverId, checkId } = servers['core-db'] ?? { serverId: '', checkId: '' };
  t.is(await say(t, VIEWER, '/ack core-db'), 'Эта команда недоступна для вашей роли.');
  const taken = () =>
    eventStore
      .readStream<CheckStateEvent>(`monitoring-check-${checkId}`)
      .then((events) => events.filter((e) => e.type === 'IncidentAcknowledged'));
  t.is((await taken()).length, 0);

  t.is(await say(t, ADMIN, '/ack core-db'), 'Инцидент «core-db» взят.');
  const acks = await taken();
  t.is(acks.length, 1);
  t.like(acks[0]?.metadata.actor, { kind: 'telegram', id: String(ADMIN.id) });

  const seen = await eventually(async () => {
    const [open] = await reads(t).listIncidents({ serverId, open: true, limit: 1, offset: 0 });
    return open?.acknowledgedAt ? open : undefined;
  }, 10_000);
  t.is(seen?.acknowledgedBy?.name, 'Анна');
  t.is(await say(t, ADMIN, '/ack core-db'), 'У «core-db» нет невзятых открытых инцидентов.');
  t.is((await taken()).length, 1, 'nothing taken twice');
  t.is(await say(t, ADMIN, '/ack'), 'Напишите имя сервера: /ack core01, или ответьте /ack на оповещение.');
});

test('/ack as a reply to an alert takes the alert’s incident', async (t) => {
  const { emulator, eventStore } = t.context.harness;
  const { checkId } = servers['core-app'] ?? { checkId: '' };
  await report(t, 'core-app', MINUTE_SLOT() - 3, 'down');
  const alert = await eventually(
    () => emulator.sentTo(CHAT).find((m) => m.text.includes('core-app') && m.reply_markup),
    20_000,
  );
  if (!alert) throw new Error('no alert with a button');
  const before = emulator.sentTo(CHAT).length;
  emulator.sendText(ADMIN, '/ack', { chat: { id: CHAT, type: 'supergroup' }, replyTo: alert.message_id });
  const reply = await eventually(
    () =>
      emulator
        .sentTo(CHAT)
        .slice(before)
        .find((m) => !m.reply_markup && m.message_id !== alert.message_id),
    10_000,
  );
  t.is(reply?.text, 'Оповещение взято.');
  const events = await eventStore.readStream<CheckStateEvent>(`monitoring-check-${checkId}`);
  const acks = events.filter((e) => e.type === 'IncidentAcknowledged');
  t.is(acks.length, 1);
  t.like(acks[0]?.metadata.actor, { kind: 'telegram', id: String(ADMIN.id) });
});
