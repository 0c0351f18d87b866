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
import type { QuietHours, ServerRegistered } from '../../../domain/monitoring/index.ts';
import { type MemoryLeaseTable, createMemoryLeaseManager } from '../../../infrastructure/leases/index.ts';
import { monitoringNoticesReactor, monitoringReminders } from '../../../projections/index.ts';
import { timing } from '../../application/monitoring/monitoring-fixture.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { quickRunner } from '../../support/quick-runner.ts';

// "Still down" reminders on real PostgreSQL: the real handlers append, the reactor keeps the open incidents, the
// reminder job (its clock injected: no waiting on wall-clock minutes) writes outbox rows, the real sender sends
// them into the Bot API emulator.
type Context = MonitoringAlertsContext;
const test = anyTest as TestFn<Context>;
withMonitoringAlerts(test);

const scheduler = schedulerMetadata;
const at = slotTime;
/** The smallest resend interval a check may have. */
const RESEND_SECONDS = 60;

let nextChat = -1_002_000_000_000;
async function downServer(t: { context: Context }, resendIntervalSeconds: number, quietHours?: QuietHours) {
  const chatId = nextChat--;
  const name = `pg-${randomIds.newId().slice(0, 6)}`;
  const { groupId } = await t.context.groups.create({ name: `Databases ${name}` }, { metadata });
  await t.context.groups.routeAlerts(groupId, { chatId, messageThreadId: 42 }, { metadata });
  if (quietHours) await t.context.groups.setQuietHours(groupId, quietHours, { metadata });
  const { serverId } = await t.context.servers.register(
    {
      name,
      host: 'db01',
      groupId,
      checks: [{ definition: { kind: 'tcp', port: 5432 }, timing: { ...timing, resendIntervalSeconds } }],
    },
    { metadata },
  );
  const [registered] = await t.context.store.readStream<ServerRegistered>(`monitoring-server-${serverId}`);
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
  const down = await report(SLOT + 1, 'down');
  const wentDown = down.events.find((e) => e.type === 'ServerWentDown');
  const incidentId = String((wentDown?.data as { incidentId?: string } | undefined)?.incidentId);
  const downAt = Date.parse(at(SLOT + 1));
  return { chatId, name, checkId, serverId, incidentId, report, downAt };
}

/** A reminder job whose clock the test sets; its own lease table unless one is shared. */
function reminderJob(t: { context: Context }, clock: { now: number }, table?: MemoryLeaseTable) {
  const leases = createMemoryLeaseManager({
    nodeId: `node-${randomIds.newId().slice(0, 4)}`,
    now: () => clock.now,
    ...(table ? { table } : {}),
  });
  return monitoringReminders({
    pool: t.context.database.pool,
    leases,
    everyMs: 10_000,
    now: () => new Date(clock.now),
    logger: captureLogger(),
  });
}

const reminderRows = async (t: { context: Context }, chatId: number) => {
  const { rows } = await t.context.database.pool.query<{ dedupe_key: string }>(
    `select dedupe_key from notifications.outbox where chat_id = $1 and kind = 'monitoring.reminder' order by id`,
    [chatId],
  );
  return rows.map((r) => r.dedupe_key);
};

const isReminded = async (t: { context: Context }, incidentId: string) => {
  const { rows } = await t.context.database.pool.query(
    `select 1 from notifications.monitoring_alert_reminded where incident_id = $1`,
    [incidentId],
  );
  return rows.length > 0;
};

test.serial(
  'reminders 1 and 2 are sent once each, as replies in the topic; none after the ack',
  async (t) => {
    const db = await downServer(t, RESEND_SECONDS);
    t.true(await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 1, 20_000), 'the alert');
    t.true(await eventually(() => isReminded(t, db.incidentId), 20_000), 'the reactor keeps the incident');
    const alertId = t.context.emulator.sentTo(db.chatId)[0]?.message_id;

    const clock = { now: db.downAt + 30_000 };
    const shared: MemoryLeaseTable = new Map();
    const a = reminderJob(t, clock, shared);
    t.is(await a.runOnce(), 0, 'nothing due within the first interval');

    clock.now = db.downAt + 90_000;
    t.is(await a.runOnce(), 1, 'reminder 1');
    t.is(await reminderJob(t, clock, shared).runOnce(), null, 'another node holding the same lease waits');
    // Two nodes that both run (their leases not shared, or one paused past its lease) write it once.
    t.is(await reminderJob(t, clock).runOnce(), 0, 'a second job does not duplicate reminder 1');
    t.deepEqual(await reminderRows(t, db.chatId), [`${db.incidentId}:monitoring:reminder:1`]);

    t.true(
      await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 2, 20_000),
      'reminder sent',
    );
    const reminder = callsTo(t, 'sendMessage', db.chatId)[1];
    t.is(reminder?.payload['message_thread_id'], 42);
    t.like(reminder?.payload['reply_parameters'], { message_id: alertId });
    t.regex(
      String(reminder?.payload['text']),
      new RegExp(`^⏰ Still down, 1 min: <b>${db.name}</b> · Group: `),
    );

    clock.now = db.downAt + 150_000;
    t.is(await reminderJob(t, clock).runOnce(), 1, 'reminder 2');
    t.is(await reminderJob(t, clock).runOnce(), 0, 'once');
    t.true(
      await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 3, 20_000),
      'reminder 2 sent',
    );
    t.regex(String(callsTo(t, 'sendMessage', db.chatId)[2]?.payload['text']), /Still down, 2 min/);

    await t.context.checkStates.acknowledge({ checkId: db.checkId, serverId: db.serverId }, db.incidentId, {
      metadata,
    });
    t.true(await eventually(async () => !(await isReminded(t, db.incidentId)), 20_000), 'taken');
    clock.now = db.downAt + 600_000;
    t.is(await reminderJob(t, clock).runOnce(), 0, 'none after the ack');
    t.is((await reminderRows(t, db.chatId)).length, 2);
  },
);

test.serial('a recovered incident gets no more reminders; one not yet out is dropped', async (t) => {
  const db = await downServer(t, RESEND_SECONDS);
  t.true(await eventually(() => isReminded(t, db.incidentId), 20_000), 'the reactor keeps the incident');
  t.true(await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 1, 20_000), 'the alert');
  // Telegram makes the reminder wait an hour: it is still pending when the server recovers.
  t.context.emulator.injectFault((method, payload) =>
    method === 'sendMessage' &&
    Number(payload['chat_id']) === db.chatId &&
    String(payload['text']).startsWith('⏰')
      ? { status: 429, description: 'Too Many Requests: retry after 3600', parameters: { retry_after: 3600 } }
      : undefined,
  );
  const clock = { now: db.downAt + 70_000 };
  t.is(await reminderJob(t, clock).runOnce(), 1, 'reminder 1');
  const reminderStatus = async () => {
    const { rows } = await t.context.database.pool.query<{ status: string; attempts: number }>(
      `select status, attempts from notifications.outbox where chat_id = $1 and kind = 'monitoring.reminder'`,
      [db.chatId],
    );
    return rows[0];
  };
  t.true(await eventually(async () => (await reminderStatus())?.attempts === 1, 20_000), 'tried, waits');
  await db.report(SLOT + 3, 'up');
  t.true(await eventually(async () => !(await isReminded(t, db.incidentId)), 20_000), 'recovered');
  t.is((await reminderStatus())?.status, 'undeliverable', 'the stale reminder is dropped');
  t.true(
    await eventually(() => callsTo(t, 'editMessageText', db.chatId).length === 1, 20_000),
    'the recovery edit, no longer behind it, goes out',
  );
  t.is(callsTo(t, 'sendMessage', db.chatId).length, 1, 'no reminder was sent');
  clock.now = db.downAt + 3_600_000;
  t.is(await reminderJob(t, clock).runOnce(), 0, 'none after the recovery');
  t.deepEqual(await reminderRows(t, db.chatId), [`${db.incidentId}:monitoring:reminder:1`]);
});

test.serial('a check without a resend interval sends no reminders', async (t) => {
  const db = await downServer(t, 0);
  t.true(await eventually(() => isReminded(t, db.incidentId), 20_000), 'the reactor keeps the incident');
  const clock = { now: db.downAt + 3_600_000 };
  t.is(await reminderJob(t, clock).runOnce(), 0);
  t.deepEqual(await reminderRows(t, db.chatId), []);
});

test.serial('a reminder due inside the group’s quiet hours goes without a sound', async (t) => {
  // Down at 16:01 UTC; reminder 1 is due at 16:02, inside 16:02–16:03 UTC; reminder 2 (16:03) is not.
  const db = await downServer(t, RESEND_SECONDS, { from: '16:02', until: '16:03', timeZone: 'UTC' });
  t.true(await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 1, 20_000), 'the alert');
  t.is(callsTo(t, 'sendMessage', db.chatId)[0]?.payload['disable_notification'], undefined, '16:01 is loud');
  const clock = { now: db.downAt + 61_000 };
  t.is(await reminderJob(t, clock).runOnce(), 1);
  t.true(await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 2, 20_000), 'reminder 1');
  t.is(callsTo(t, 'sendMessage', db.chatId)[1]?.payload['disable_notification'], true);
  clock.now = db.downAt + 121_000;
  t.is(await reminderJob(t, clock).runOnce(), 1);
  t.true(await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 3, 20_000), 'reminder 2');
  t.is(callsTo(t, 'sendMessage', db.chatId)[2]?.payload['disable_notification'], undefined);
});

test.serial(
  'an upgrade from version 1 rebuilds the reactor: open incidents of before it get reminders, no alert is sent again',
  async (t) => {
    const db = await downServer(t, RESEND_SECONDS);
    t.true(await eventually(() => callsTo(t, 'sendMessage', db.chatId).length === 1, 20_000), 'the alert');
    await t.context.stop();
    // The live tables of version 1 had neither the checks' intervals nor the reminded incidents.
    const { pool } = t.context.database;
    await pool.query(
      `drop table notifications.monitoring_alert_reminded, notifications.monitoring_alert_checks`,
    );
    await pool.query(`update projections.checkpoints set version = 1 where name = $1`, [
      monitoringNoticesReactor.name,
    ]);
    const outboxBefore = await pool.query(`select count(*)::int as n from notifications.outbox`);
    const early = { now: db.downAt + 61_000 };
    t.is(await reminderJob(t, early).runOnce(), 0, 'before the tables exist the job finds nothing to do');

    const { runner } = quickRunner(t.context, monitoringNoticesReactor);
    await runner.start();
    // Stopped here (a test's context is a copy: the after hook would not see a new `stop`).
    try {
      t.true(
        await eventually(
          async () =>
            (await t.context.projections.read(monitoringNoticesReactor.name))?.version ===
            monitoringNoticesReactor.version,
          20_000,
        ),
        'rebuilt',
      );
      t.true(await eventually(() => isReminded(t, db.incidentId), 20_000), 'the open incident is kept');
      // The acknowledged and recovered incidents of the tests before are not.
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from notifications.monitoring_alert_reminded`,
      );
      t.is(rows[0]?.n, 3, 'this one, the one without a resend interval and the quiet one');
      const outboxAfter = await pool.query(`select count(*)::int as n from notifications.outbox`);
      t.deepEqual(outboxAfter.rows, outboxBefore.rows, 'the replay wrote no row');
      const clock = { now: db.downAt + 61_000 };
      t.is(await reminderJob(t, clock).runOnce(), 1, 'reminder 1 after the upgrade');
    } finally {
      await runner.stop();
    }
  },
);
