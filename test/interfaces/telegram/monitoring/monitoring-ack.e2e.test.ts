import anyTest, { type TestFn } from 'ava';
import { randomIds } from '../../../../application/ports/index.ts';
import type { CheckStateEvent, ServerRegistered } from '../../../../domain/monitoring/index.ts';
import type { EventMetadata } from '../../../../domain/shared/index.ts';
import {
  type MonitoringCommands,
  monitoringCommands,
  timing,
} from '../../../application/monitoring/monitoring-fixture.ts';
import type { BotMessage, EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../../support/telegram-harness.ts';

// The alert's acknowledge button, through a running bot, the monitoring-notices reactor, the outbox sender
// and the Bot API emulator: the press appends IncidentAcknowledged by the presser; the reactor edits the alert.
type Context = { harness: TelegramHarness } & MonitoringCommands;
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 1301, first_name: 'Анна', language_code: 'ru' };
const VIEWER: EmulatedUser = { id: 1302, first_name: 'Зритель', language_code: 'ru' };
const CHAT = -1_002_000_000_001;
const scheduler: EventMetadata = {
  ...metadata,
  actor: { kind: 'system', id: 'scheduler', name: 'Scheduler' },
};
const SLOT = 29_400_000;
const at = (slot: number) => new Date(slot * 60_000).toISOString();

test.before(async (t) => {
  t.context.harness = await startTelegramHarness({
    TELEGRAM_ADMIN_IDS: String(ADMIN.id),
    // Short, so that a send the emulator delivers but never answers times out (and is sent again) soon; longer
    // than a group chat's throttle spacing (3 s), which a send's timeout includes.
    NOTIFICATION_SEND_TIMEOUT_MS: '5000',
  });
  Object.assign(t.context, monitoringCommands(t.context.harness.eventStore));
  const runtime = await t.context.harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

async function press(t: { context: Context }, who: EmulatedUser, message: BotMessage) {
  const { emulator } = t.context.harness;
  const data = message.reply_markup?.inline_keyboard.flat()[0]?.callback_data;
  if (data === undefined) throw new Error('no button');
  const callbackId = emulator.press(who, message.message_id, data);
  const answer = await eventually(() => emulator.callbackAnswers.get(callbackId), 10_000);
  if (!answer) throw new Error('no answer to the press');
  return answer.text;
}

async function say(t: { context: Context }, who: EmulatedUser, text: string) {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(who.id).length;
  emulator.sendText(who, text);
  return eventually(() => emulator.sentTo(who.id)[before], 10_000);
}

test('an operator or admin takes the alert: IncidentAcknowledged by them, the alert edited to say so', async (t) => {
  const { emulator, eventStore } = t.context.harness;
  // The admin of TELEGRAM_ADMIN_IDS; a newcomer the admin makes a viewer.
  t.truthy(await say(t, ADMIN, '/start'));
  t.truthy(await say(t, VIEWER, '/start'));
  const request = await eventually(
    () => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${VIEWER.id}`)),
    10_000,
  );
  if (!request) throw new Error('the admin was not asked');
  const viewerButton = request.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'наблюдатель');
  emulator.press(ADMIN, request.message_id, viewerButton?.callback_data ?? '');
  t.truthy(await eventually(() => emulator.sentTo(VIEWER.id).length >= 2, 10_000), 'the viewer is approved');

  const { groupId } = await t.context.groups.create({ name: 'Core' }, { metadata });
  await t.context.groups.routeAlerts(groupId, { chatId: CHAT, messageThreadId: null }, { metadata });
  const { serverId } = await t.context.servers.register(
    {
      name: `core-${randomIds.newId().slice(0, 6)}`,
      host: 'core01',
      groupId,
      checks: [{ definition: { kind: 'tcp', port: 22 }, timing }],
    },
    { metadata },
  );
  const [registered] = await eventStore.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const report = (slot: number, status: 'up' | 'down') =>
    t.context.checkStates.recordResult(
      {
        checkId,
        serverId,
        slot,
        at: at(slot),
        status,
        error: status === 'down' ? 'timeout' : null,
        retries: 0,
      },
      scheduler,
    );
  await report(SLOT, 'up');
  await report(SLOT + 1, 'down');

  const alert = await eventually(() => emulator.sentTo(CHAT)[0], 20_000);
  if (!alert) throw new Error('no alert');
  t.regex(alert.text, /Недоступен · Группа: Core/);
  t.is(alert.reply_markup?.inline_keyboard.flat()[0]?.text, '👀 Беру');

  t.is(await press(t, VIEWER, alert), 'Эта команда недоступна для вашей роли.');
  t.is(await press(t, ADMIN, alert), 'Готово.');
  const events = await eventStore.readStream<CheckStateEvent>(`monitoring-check-${checkId}`);
  const taken = events.filter((e) => e.type === 'IncidentAcknowledged');
  t.is(taken.length, 1);
  t.like(taken[0]?.metadata.actor, { kind: 'telegram', id: String(ADMIN.id) });

  const edited = await eventually(() => /взял\(а\) Анна/.test(emulator.sentTo(CHAT)[0]?.text ?? ''), 20_000);
  t.true(edited, emulator.sentTo(CHAT)[0]?.text);
  t.is(emulator.sentTo(CHAT)[0]?.reply_markup, undefined, 'the button is gone once all is taken');
  t.is(emulator.sentTo(CHAT).length, 1, 'edited, not sent again');

  // The name was read at send time: the reactor's tables and the outbox keep the person by id only, so a
  // forget of them leaves it nowhere.
  const { pool } = t.context.harness.database;
  const tables = await pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema = 'notifications' and table_type = 'BASE TABLE'`,
  );
  t.true(tables.rows.length >= 3, tables.rows.map((r) => r.name).join(', '));
  for (const { name } of tables.rows) {
    const found = await pool.query(`select 1 from ${name} r where r::text like '%' || $1 || '%' limit 1`, [
      ADMIN.first_name,
    ]);
    t.is(found.rows.length, 0, `${name} holds the acknowledger's name`);
  }
});

test('a copy left by a send that timed out after delivery: its button takes the incident, and it is edited too', async (t) => {
  const { emulator, eventStore } = t.context.harness;
  const chat = CHAT - 1;
  const { groupId } = await t.context.groups.create({ name: 'Edge' }, { metadata });
  await t.context.groups.routeAlerts(groupId, { chatId: chat, messageThreadId: null }, { metadata });
  const { serverId } = await t.context.servers.register(
    {
      name: `edge-${randomIds.newId().slice(0, 6)}`,
      host: 'edge01',
      groupId,
      checks: [{ definition: { kind: 'tcp', port: 22 }, timing }],
    },
    { metadata },
  );
  const [registered] = await eventStore.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const report = (slot: number, status: 'up' | 'down') =>
    t.context.checkStates.recordResult(
      {
        checkId,
        serverId,
        slot,
        at: at(slot),
        status,
        error: status === 'down' ? 'timeout' : null,
        retries: 0,
      },
      scheduler,
    );
  // Telegram delivers the first send but its answer never comes: the sender times out and sends again.
  let first = true;
  emulator.injectFault((method, payload) => {
    if (method !== 'sendMessage' || Number(payload['chat_id']) !== chat || !first) return undefined;
    first = false;
    return 'deliverThenHold';
  });
  await report(SLOT, 'up');
  await report(SLOT + 1, 'down');
  t.true(await eventually(() => emulator.sentTo(chat).length === 2, 30_000), 'two copies in the chat');
  const [orphan, recorded] = emulator.sentTo(chat);
  if (!orphan || !recorded) throw new Error('no copies');

  // The orphan's button takes the right incident, and the alert's edit reaches both copies.
  const stale = { ...orphan };
  t.is(await press(t, ADMIN, orphan), 'Готово.');
  const events = await eventStore.readStream<CheckStateEvent>(`monitoring-check-${checkId}`);
  t.is(events.filter((e) => e.type === 'IncidentAcknowledged').length, 1);
  t.true(
    await eventually(
      () => emulator.sentTo(chat).every((m) => /взял\(а\) Анна/.test(m.text) && m.reply_markup === undefined),
      20_000,
    ),
    emulator
      .sentTo(chat)
      .map((m) => m.text)
      .join('\n---\n'),
  );
  // Pressed again (a stale client still shows it): nothing is left to take, and it says so.
  t.is(await press(t, ADMIN, stale), 'В этом оповещении брать уже нечего.');

  await report(SLOT + 4, 'up');
  t.true(
    await eventually(() => emulator.sentTo(chat).every((m) => /восстановлен/.test(m.text)), 40_000),
    'the recovery edits both',
  );
  t.is(emulator.sentTo(chat).length, 2);
});
