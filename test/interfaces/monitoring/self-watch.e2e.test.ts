import anyTest, { type TestFn } from 'ava';
import { createPostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import type { PostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import { monitoringCommands } from '../../application/monitoring/monitoring-fixture.ts';
import { BotApiEmulator } from '../../support/bot-api-emulator.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { freePort } from '../../support/free-port.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { TEST_BOT_TOKEN } from '../../support/telegram-harness.ts';

// `tbot serve` with every role watching itself: a server's check (a port nobody listens on) goes DOWN through
// the node's own scheduler, its alert is refused by Telegram (the emulator), and the node's self-watch tells the
// admins' chat, set over the REST API, and counts it in /metrics.
interface Context {
  api: ServedApi;
  emulator: BotApiEmulator;
  store: PostgresEventStore;
}
const test = anyTest.serial as TestFn<Context>;

const ADMINS_CHAT = -1_009_100_000_001;
const KICKED_CHAT = -1_009_100_000_002;

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.emulator.injectFault((method, payload) =>
    method === 'sendMessage' && Number(payload['chat_id']) === KICKED_CHAT
      ? { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' }
      : undefined,
  );
  t.context.api = await startServedApi({
    env: { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: t.context.emulator.apiRoot },
  });
  const { database } = t.context.api;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.api?.stop();
  await t.context.emulator?.stop();
});

test("an alert Telegram refuses is told in the admins' chat by the node's self-watch, and counted", async (t) => {
  const { api, emulator, store } = t.context;
  const token = await api.adminToken();
  const set = await api.call('/settings', {
    method: 'PUT',
    token,
    body: { changes: { 'monitoring.adminsChat': String(ADMINS_CHAT), 'bot.language': 'en' } },
  });
  t.is(set.status, 200);

  const { groups, servers } = monitoringCommands(store);
  const { groupId } = await groups.create({ name: 'Kicked' }, { metadata });
  await groups.routeAlerts(groupId, { chatId: KICKED_CHAT, messageThreadId: null }, { metadata });
  const closedPort = await freePort();
  await servers.register(
    {
      name: 'nobody-home',
      host: '127.0.0.1',
      groupId,
      checks: [
        {
          definition: { kind: 'tcp', port: closedPort },
          timing: {
            intervalSeconds: 10,
            timeoutSeconds: 2,
            retries: 0,
            retryIntervalSeconds: 10,
            resendIntervalSeconds: 0,
          },
        },
      ],
    },
    { metadata },
  );

  // The check runs within its interval, the alert is refused, and the self-watch looks every 30 s.
  const told = await eventually(
    () => emulator.sentTo(ADMINS_CHAT).find((m) => m.text.includes('could not be sent')),
    120_000,
    250,
  );
  t.truthy(told, 'the admins are told');
  t.regex(told?.text ?? '', /^⚠️ TBot: 1 alert could not be sent \(oldest \d+ min\)/);
  t.regex(told?.text ?? '', /Telegram said: <code>403 Forbidden: bot was kicked/);
  t.is(emulator.sentTo(KICKED_CHAT).length, 0, 'the alert itself never arrived');

  const metrics = await (await fetch(`${api.node.baseUrl}/metrics`)).text();
  t.regex(metrics, /^tbot_self_alerts_raised_total\{condition="alerts-unsent"\} 1$/m);
  t.regex(metrics, /^tbot_self_check_failing\{condition="alerts-unsent"\} 1$/m);
  const [failed] = await store.readStream('monitoring-self-alerts-unsent-cluster');
  t.is(failed?.type, 'SelfCheckFailed');
  t.like(failed?.metadata.actor, { kind: 'system' });
});
