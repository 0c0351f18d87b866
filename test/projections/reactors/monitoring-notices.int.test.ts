import anyTest, { type TestFn } from 'ava';
import {
  type MonitoringAlertsContext,
  SLOT,
  callsTo,
  schedulerMetadata,
  slotTime,
  withMonitoringAlerts,
} from '../../support/monitoring-alerts-fixture.ts';
import type { CheckResult } from '../../../application/monitoring/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import type { ServerRegistered } from '../../../domain/monitoring/index.ts';
import { makeSettingsCommands } from '../../../application/settings/index.ts';
import { timing } from '../../application/monitoring/monitoring-fixture.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';

// The monitoring alerts through the notification reactor, on real PostgreSQL: events appended by the real
// handlers, the reactor run by the projection runner, its outbox drained by the sender into the Bot API emulator.
type Context = MonitoringAlertsContext;
const test = anyTest as TestFn<Context>;
withMonitoringAlerts(test);

const scheduler = schedulerMetadata;
const at = slotTime;

let nextChat = -1_001_000_000_000;
/** A group routed to a chat of its own (tests do not see each other's messages) and topic 42. */
async function routedGroup(t: { context: Context }, name: string) {
  const chatId = nextChat--;
  const { groupId } = await t.context.groups.create({ name }, { metadata });
  await t.context.groups.routeAlerts(groupId, { chatId, messageThreadId: 42 }, { metadata });
  return { groupId, chatId };
}

async function server(t: { context: Context }, name: string, groupId: string, parentId?: string) {
  const { servers, store } = t.context;
  const { serverId } = await servers.register(
    { name, host: 'db01', groupId, parentId, checks: [{ definition: { kind: 'tcp', port: 5432 }, timing }] },
    { metadata },
  );
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const result = (slot: number, status: 'up' | 'down'): CheckResult => ({
    checkId,
    serverId,
    slot,
    at: at(slot),
    status,
    error: status === 'down' ? `connect ECONNREFUSED ${name}:5432` : null,
    retries: 0,
  });
  const report = (slot: number, status: 'up' | 'down') =>
    t.context.checkStates.recordResult(result(slot, status), scheduler);
  await report(SLOT, 'up');
  const maintenance = (windowId: string) =>
    t.context.checkStates.startMaintenance({ checkId, serverId }, windowId, new Date(at(SLOT + 30)), {
      ...scheduler,
      occurredAt: at(SLOT + 30),
    });
  return { serverId, checkId, report, maintenance };
}

const lastText = (t: { context: Context }, chatId: number) =>
  t.context.emulator.sentTo(chatId).at(-1)?.text ?? '';

test.serial('a DOWN is sent to the group’s chat and topic; its recovery edits that message', async (t) => {
  const { groupId, chatId } = await routedGroup(t, 'Databases');
  const db = await server(t, `pg-main-${randomIds.newId().slice(0, 6)}`, groupId);
  const down = await db.report(SLOT + 1, 'down');
  t.true(down.events.some((e) => e.type === 'ServerWentDown'));

  t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000), 'the alert is sent');
  const [sent] = callsTo(t, 'sendMessage', chatId);
  t.is(sent?.payload['message_thread_id'], 42);
  const text = String(sent?.payload['text']);
  t.regex(text, /Down · Group: Databases/);
  t.regex(text, /pg-main-/);
  t.true(text.includes(`since ${at(SLOT + 1).slice(0, 10)} ${at(SLOT + 1).slice(11, 16)} UTC`), text);
  t.regex(text, /first error: connect ECONNREFUSED/);

  await db.report(SLOT + 6, 'up');
  t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000), 'edited');
  t.is(callsTo(t, 'sendMessage', chatId).length, 1, 'no second message');
  t.regex(lastText(t, chatId), /All recovered/);
  t.regex(lastText(t, chatId), /recovered, down for 5 min/);
  const outboxRows = async () => {
    const { rows } = await t.context.database.pool.query<{ status: string; message_id: string | null }>(
      `select status, message_id from notifications.outbox where chat_id = $1 order by id`,
      [chatId],
    );
    return rows;
  };
  // The emulator has answered the edit; the sender marks it sent right after.
  t.true(
    await eventually(async () => (await outboxRows()).every((r) => r.status === 'sent')),
    'both rows are marked sent',
  );
  const rows = await outboxRows();
  t.is(rows.length, 2);
  t.truthy(rows[0]?.message_id, 'the sent message id is kept for its edits');
});

test.serial(
  'servers of one group going DOWN within the window are one message, edited as they join',
  async (t) => {
    const { groupId, chatId } = await routedGroup(t, 'Web');
    const a = await server(t, `web-a-${randomIds.newId().slice(0, 6)}`, groupId);
    const b = await server(t, `web-b-${randomIds.newId().slice(0, 6)}`, groupId);
    const c = await server(t, `web-c-${randomIds.newId().slice(0, 6)}`, groupId);
    await a.report(SLOT + 1, 'down');
    await b.report(SLOT + 1, 'down');
    // Five minutes later: beyond the 60 s window, a message of its own.
    await c.report(SLOT + 6, 'down');

    t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 2, 20_000), 'two messages');
    t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000), 'one edit');
    const [first, second] = t.context.emulator.sentTo(chatId);
    t.regex(first?.text ?? '', /web-a-[\s\S]*web-b-/);
    t.notRegex(first?.text ?? '', /web-c-/);
    t.regex(second?.text ?? '', /web-c-/);
    t.notRegex(second?.text ?? '', /web-a-/);
  },
);

test.serial(
  'a DOWN behind its down parent is not sent: the parent’s message lists it; its recovery is told',
  async (t) => {
    const { groupId, chatId } = await routedGroup(t, 'Branch office');
    const router = await server(t, `router-${randomIds.newId().slice(0, 6)}`, groupId);
    const printer = await server(t, `printer-${randomIds.newId().slice(0, 6)}`, groupId, router.serverId);
    await router.report(SLOT + 1, 'down');
    t.true(
      await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000),
      'the parent’s alert',
    );
    const childDown = await printer.report(SLOT + 10, 'down');
    const wentDown = childDown.events.find((e) => e.type === 'ServerWentDown');
    t.like(wentDown?.data, { parentDown: { serverId: router.serverId } });

    t.true(
      await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000),
      'parent edited',
    );
    t.is(callsTo(t, 'sendMessage', chatId).length, 1, 'the child’s DOWN is not a message');
    t.regex(lastText(t, chatId), /↳ <b>printer-\w+<\/b>: down behind router-/);

    await printer.report(SLOT + 12, 'up');
    t.true(
      await eventually(() => callsTo(t, 'editMessageText', chatId).length === 2, 20_000),
      'recovery shown',
    );
    t.regex(lastText(t, chatId), /<b>printer-\w+<\/b>: ✅ recovered, down for 2 min/);
    t.regex(lastText(t, chatId), /Down · /, 'the parent is still down');
  },
);

test.serial('an incident ended by maintenance is edited to say so; nothing is sent anew', async (t) => {
  const { groupId, chatId } = await routedGroup(t, 'Storage');
  const nas = await server(t, `nas-${randomIds.newId().slice(0, 6)}`, groupId);
  await nas.report(SLOT + 1, 'down');
  t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000), 'the alert is sent');
  const started = await nas.maintenance(randomIds.newId());
  t.like(started.events[0], { type: 'MaintenanceStarted' });
  t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000), 'edited');
  t.regex(lastText(t, chatId), /Nothing is down[\s\S]*nas-\w+<\/b>: 🔧 under maintenance/);
  t.is(callsTo(t, 'sendMessage', chatId).length, 1);
});

test.serial(
  'the recovery of an alert that could not be delivered goes as a message of its own, never as an edit of nothing',
  async (t) => {
    const { groupId, chatId } = await routedGroup(t, 'Kicked');
    t.context.emulator.injectFault((method, payload) =>
      method === 'sendMessage' && Number(payload['chat_id']) === chatId
        ? { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' }
        : undefined,
    );
    const host = await server(t, `kicked-${randomIds.newId().slice(0, 6)}`, groupId);
    await host.report(SLOT + 1, 'down');
    await host.report(SLOT + 3, 'up');
    const statuses = async () => {
      const { rows } = await t.context.database.pool.query<{ status: string; edits: string | null }>(
        `select status, edits from notifications.outbox where chat_id = $1 order by id`,
        [chatId],
      );
      return rows;
    };
    t.true(
      await eventually(async () => {
        const rows = await statuses();
        return rows.length === 2 && rows.every((r) => r.status === 'undeliverable');
      }, 20_000),
      JSON.stringify(await statuses()),
    );
    const rows = await statuses();
    t.is(rows.length, 2);
    t.is(rows[0]?.edits, null);
    t.truthy(rows[1]?.edits, 'the recovery is an edit of the alert');
    t.is(
      t.context.emulator.calls.filter(
        (c) => c.method === 'sendMessage' && Number(c.payload['chat_id']) === chatId,
      ).length,
      2,
      'the recovery was tried as a message (the bot is kicked: undeliverable too)',
    );
    t.is(
      t.context.emulator.calls.filter(
        (c) => c.method === 'editMessageText' && Number(c.payload['chat_id']) === chatId,
      ).length,
      0,
      'no edit was tried',
    );
  },
);

test.serial(
  'a DOWN held behind its parent is told on its own when the parent recovers and it is still down',
  async (t) => {
    const { groupId, chatId } = await routedGroup(t, 'Warehouse');
    const router = await server(t, `router-${randomIds.newId().slice(0, 6)}`, groupId);
    const printer = await server(t, `printer-${randomIds.newId().slice(0, 6)}`, groupId, router.serverId);
    await router.report(SLOT + 1, 'down');
    await printer.report(SLOT + 2, 'down');
    t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000), 'listed');
    t.is(callsTo(t, 'sendMessage', chatId).length, 1, 'held back while the router is down');

    await router.report(SLOT + 5, 'up');
    t.true(
      await eventually(() => callsTo(t, 'sendMessage', chatId).length === 2, 20_000),
      'the printer, still down, is told in a message of its own',
    );
    const [routerAlert, printerAlert] = t.context.emulator.sentTo(chatId);
    t.regex(printerAlert?.text ?? '', /Down · Group: Warehouse/);
    t.regex(printerAlert?.text ?? '', /<b>printer-\w+<\/b> — since .*first error: connect ECONNREFUSED/);
    t.true(await eventually(() => /All recovered/.test(routerAlert?.text ?? ''), 20_000), routerAlert?.text);
    t.notRegex(routerAlert?.text ?? '', /printer-/, 'the printer shows in one message only');

    await printer.report(SLOT + 8, 'up');
    t.true(
      await eventually(() => /recovered, down for 6 min/.test(printerAlert?.text ?? ''), 20_000),
      printerAlert?.text,
    );
    t.is(callsTo(t, 'sendMessage', chatId).length, 2);
  },
);

test.serial(
  'a DOWN held behind its parent is told when the parent’s incident ends in maintenance',
  async (t) => {
    const { groupId, chatId } = await routedGroup(t, 'Lab');
    const sw = await server(t, `switch-${randomIds.newId().slice(0, 6)}`, groupId);
    const cam = await server(t, `camera-${randomIds.newId().slice(0, 6)}`, groupId, sw.serverId);
    await sw.report(SLOT + 1, 'down');
    await cam.report(SLOT + 2, 'down');
    t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000), 'listed');
    await sw.maintenance(randomIds.newId());
    t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 2, 20_000), 'camera told');
    t.regex(lastText(t, chatId), /<b>camera-\w+<\/b> — since/);
  },
);

test.serial(
  'an alert deleted in the chat: the next edit is sent as a new message, and the edits after it edit that one',
  async (t) => {
    const { groupId, chatId } = await routedGroup(t, 'Deleted');
    const a = await server(t, `del-a-${randomIds.newId().slice(0, 6)}`, groupId);
    const b = await server(t, `del-b-${randomIds.newId().slice(0, 6)}`, groupId);
    await a.report(SLOT + 1, 'down');
    t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000), 'the alert');
    const [first] = t.context.emulator.sentTo(chatId);
    // Someone deletes the alert in the chat: Telegram answers its edits "message to edit not found".
    t.context.emulator.messages.delete(first?.message_id ?? 0);

    await b.report(SLOT + 1, 'down');
    t.true(
      await eventually(() => callsTo(t, 'sendMessage', chatId).length === 2, 20_000),
      'the join, not editable, is sent anew',
    );
    const [again] = t.context.emulator.sentTo(chatId);
    t.regex(again?.text ?? '', /del-a-[\s\S]*del-b-/, 'the whole message as it is now');

    await a.report(SLOT + 4, 'up');
    t.true(
      await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000),
      'the recovery edits the message sent anew',
    );
    t.is(Number(callsTo(t, 'editMessageText', chatId)[0]?.payload['message_id']), again?.message_id ?? -1);
    t.regex(t.context.emulator.sentTo(chatId)[0]?.text ?? '', /del-a-\w+<\/b>: ✅ recovered, down for 3 min/);
    t.is(callsTo(t, 'sendMessage', chatId).length, 2);
  },
);

test.serial('an alert whose outbox row was pruned: its recovery is sent as a new message', async (t) => {
  const { groupId, chatId } = await routedGroup(t, 'Pruned');
  const host = await server(t, `pruned-${randomIds.newId().slice(0, 6)}`, groupId);
  await host.report(SLOT + 1, 'down');
  t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000), 'the alert');
  const { pool } = t.context.database;
  t.true(
    await eventually(async () => {
      const { rows } = await pool.query(
        `select 1 from notifications.outbox where chat_id = $1 and status = 'sent'`,
        [chatId],
      );
      return rows.length === 1;
    }),
  );
  // Retention pruned the alert's row (an incident older than NOTIFICATION_RETENTION_DAYS).
  await pool.query(`delete from notifications.outbox where chat_id = $1`, [chatId]);

  await host.report(SLOT + 9, 'up');
  t.true(
    await eventually(() => callsTo(t, 'sendMessage', chatId).length === 2, 20_000),
    'the recovery is told',
  );
  t.regex(lastText(t, chatId), /All recovered[\s\S]*recovered, down for 8 min/);
  t.is(callsTo(t, 'editMessageText', chatId).length, 0);
});

test.serial(
  'an unrouted server’s alerts go to the admins’ chat; with monitoring.adminsChat empty, nowhere, logged and counted',
  async (t) => {
    const { groups, servers } = t.context;
    const settings = makeSettingsCommands({ store: t.context.store });
    const { groupId } = await groups.create({ name: 'Unrouted' }, { metadata });
    const lonely = await server(t, `lonely-${randomIds.newId().slice(0, 6)}`, groupId);
    const down = await lonely.report(SLOT + 1, 'down');
    const incidentId = (down.events.find((e) => e.type === 'ServerWentDown')?.data as { incidentId: string })
      .incidentId;

    const unrouted = () =>
      t.context.senderLog.lines.filter((l) => l.level === 'warn' && l.fields['incidentId'] === incidentId);
    t.true(await eventually(() => unrouted().length === 1, 20_000), 'the sender says it');
    t.like(unrouted()[0]?.fields, { groupId, serverId: lonely.serverId, state: 'down' });
    t.regex(unrouted()[0]?.message ?? '', /routed nowhere/);
    const counted = async () =>
      (await t.context.registry.getSingleMetric('tbot_alerts_unrouted_total')?.get())?.values.reduce(
        (sum, v) => sum + v.value,
        0,
      ) ?? 0;
    t.is(await counted(), 1);
    const { rows } = await t.context.database.pool.query<{ status: string }>(
      `select status from notifications.outbox where params->>'incidentId' = $1`,
      [incidentId],
    );
    t.deepEqual(rows, [{ status: 'undeliverable' }], 'one row for nobody, sent to no chat');

    // The admins' chat set: the next alerts of unrouted servers go there (and its topic).
    const adminsChat = nextChat--;
    await settings.change({ 'monitoring.adminsChat': `${adminsChat}/7` }, { metadata });
    const orphan = await servers.register(
      {
        name: `orphan-${randomIds.newId().slice(0, 6)}`,
        host: 'db01',
        checks: [{ definition: { kind: 'tcp', port: 5432 }, timing }],
      },
      { metadata },
    );
    const [registered] = await t.context.store.readStream<ServerRegistered>(
      `monitoring-server-${orphan.serverId}`,
    );
    const checkId = registered?.data.checks[0]?.checkId ?? '';
    for (const [slot, status] of [
      [SLOT, 'up'],
      [SLOT + 2, 'down'],
    ] as const) {
      await t.context.checkStates.recordResult(
        {
          checkId,
          serverId: orphan.serverId,
          slot,
          at: at(slot),
          status,
          error: status === 'down' ? 'timeout' : null,
          retries: 0,
        },
        scheduler,
      );
    }
    await lonely.report(SLOT + 3, 'up');
    t.true(
      await eventually(() => callsTo(t, 'sendMessage', adminsChat).length === 2, 20_000),
      'the server in no group and the lonely one’s recovery',
    );
    const [orphanAlert, recovery] = callsTo(t, 'sendMessage', adminsChat);
    t.is(orphanAlert?.payload['message_thread_id'], 7);
    t.regex(String(orphanAlert?.payload['text']), /Down · Group: —[\s\S]*orphan-/);
    t.regex(String(recovery?.payload['text']), /All recovered · Group: Unrouted[\s\S]*lonely-/);
    t.is(await counted(), 1, 'nothing more went nowhere');
    await settings.change({ 'monitoring.adminsChat': '' }, { metadata });
  },
);

test.serial(
  'alerts inside the group’s quiet hours (at the event’s time, on the group’s clock) go without a sound',
  async (t) => {
    // SLOT + 1 is 16:01 UTC: inside 15:00–17:00 UTC; 19:01 in Moscow, outside 22:00–07:00 there.
    const quiet = await routedGroup(t, 'Quiet');
    await t.context.groups.setQuietHours(
      quiet.groupId,
      { from: '15:00', until: '17:00', timeZone: 'UTC' },
      { metadata },
    );
    const loud = await routedGroup(t, 'Loud');
    await t.context.groups.setQuietHours(
      loud.groupId,
      { from: '22:00', until: '07:00', timeZone: 'Europe/Moscow' },
      { metadata },
    );
    const a = await server(t, `quiet-${randomIds.newId().slice(0, 6)}`, quiet.groupId);
    const b = await server(t, `loud-${randomIds.newId().slice(0, 6)}`, loud.groupId);
    await a.report(SLOT + 1, 'down');
    await b.report(SLOT + 1, 'down');
    t.true(await eventually(() => callsTo(t, 'sendMessage', quiet.chatId).length === 1, 20_000));
    t.true(await eventually(() => callsTo(t, 'sendMessage', loud.chatId).length === 1, 20_000));
    t.is(callsTo(t, 'sendMessage', quiet.chatId)[0]?.payload['disable_notification'], true);
    t.is(callsTo(t, 'sendMessage', loud.chatId)[0]?.payload['disable_notification'], undefined);
  },
);

test.serial(
  'the alert says whether the group is DOWN by its status rule, updated as servers join',
  async (t) => {
    const chatId = nextChat--;
    const { groupId } = await t.context.groups.create(
      { name: 'Cluster', statusRule: { kind: 'atLeast', count: 2 } },
      { metadata },
    );
    await t.context.groups.routeAlerts(groupId, { chatId, messageThreadId: null }, { metadata });
    const a = await server(t, `node-a-${randomIds.newId().slice(0, 6)}`, groupId);
    const b = await server(t, `node-b-${randomIds.newId().slice(0, 6)}`, groupId);
    await server(t, `node-c-${randomIds.newId().slice(0, 6)}`, groupId);
    await a.report(SLOT + 1, 'down');
    t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000));
    t.regex(lastText(t, chatId), /^🟠 Down · Group: Cluster — 1 of 3 servers down\n/);
    await b.report(SLOT + 1, 'down');
    t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 1, 20_000));
    t.regex(lastText(t, chatId), /^🔴 Down · Group: Cluster — group DOWN \(2 of 3 servers\)\n/);
    await a.report(SLOT + 3, 'up');
    t.true(await eventually(() => callsTo(t, 'editMessageText', chatId).length === 2, 20_000));
    t.regex(lastText(t, chatId), /^🟠 Down · Group: Cluster — 1 of 3 servers down\n/);
  },
);

test.serial('a certificate warning is told once in the group’s route; its renewal briefly', async (t) => {
  const { groupId, chatId } = await routedGroup(t, 'Web certs');
  const name = `db1-${randomIds.newId().slice(0, 6)}`;
  const url = 'https://db1.example.test/health';
  const { serverId } = await t.context.servers.register(
    {
      name,
      host: 'db1.example.test',
      groupId,
      checks: [
        {
          definition: {
            kind: 'http',
            url,
            method: 'GET',
            expectStatus: { min: 200, max: 299 },
            tlsExpiryWarningDays: 14,
            ignoreTlsErrors: false,
          },
          timing,
        },
      ],
    },
    { metadata },
  );
  const [registered] = await t.context.store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
  const checkId = registered?.data.checks[0]?.checkId ?? '';
  const expiring = new Date(Date.parse(at(SLOT)) + 3 * 86_400_000).toISOString();
  const renewed = '2026-03-01T00:00:00.000Z';
  const probe = (slot: number, tlsValidTo: string, tlsExpiring: boolean) =>
    t.context.checkStates.recordResult(
      {
        checkId,
        serverId,
        slot,
        at: at(slot),
        status: 'up',
        error: null,
        retries: 0,
        tlsValidTo,
        tlsExpiring,
      },
      scheduler,
    );
  await probe(SLOT, expiring, true);
  await probe(SLOT + 1, expiring, true);
  t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 1, 20_000), 'the warning');
  t.is(
    lastText(t, chatId),
    `🔐 <b>${name}</b>: the TLS certificate of ${url} expires on ${expiring.slice(0, 10)} (in 3 days)`,
  );
  t.is(callsTo(t, 'sendMessage', chatId)[0]?.payload['message_thread_id'], 42);
  await probe(SLOT + 2, renewed, false);
  t.true(await eventually(() => callsTo(t, 'sendMessage', chatId).length === 2, 20_000), 'the renewal');
  t.is(
    lastText(t, chatId),
    `🔐 <b>${name}</b>: the TLS certificate of ${url} was renewed, valid until 2026-03-01`,
  );
});
