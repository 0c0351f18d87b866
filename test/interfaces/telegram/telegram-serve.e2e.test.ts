import anyTest, { type TestFn } from 'ava';
import { apiCall } from '../../support/api-call.ts';
import { BotApiEmulator, type EmulatedUser } from '../../support/bot-api-emulator.ts';
import { listedAsPending } from '../../support/pending-telegram-user.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';
import { TEST_BOT_TOKEN } from '../../support/telegram-harness.ts';

// `tbot serve` with a bot token: the bot is part of the node, polling the Bot API server it is pointed at.
interface Context {
  api: ServedApi;
  emulator: BotApiEmulator;
}
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 7007, first_name: 'Ольга', username: 'olga', language_code: 'ru' };
const STRANGER: EmulatedUser = { id: 8008, first_name: 'Пётр', language_code: 'ru' };

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.api = await startServedApi({
    env: {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: t.context.emulator.apiRoot,
      TELEGRAM_ADMIN_IDS: String(ADMIN.id),
      TELEGRAM_POLLING_LEASE_TTL_MS: '2000',
    },
  });
});

test.after.always(async (t) => {
  await t.context.api?.stop();
  await t.context.emulator?.stop();
});

test('answers an admin and asks the admin about a stranger', async (t) => {
  const { emulator } = t.context;
  emulator.sendText(ADMIN, '/start');
  const welcome = await eventually(() => emulator.sentTo(ADMIN.id)[0], 20_000);
  t.truthy(welcome, 'the node answers /start');
  emulator.sendText(STRANGER, '/start');
  const requested = await eventually(() => emulator.sentTo(STRANGER.id)[0], 10_000);
  t.regex(requested?.text ?? '', /Доступ запрошен/);
  const request = await eventually(
    () =>
      emulator.sentTo(ADMIN.id).find((m) => m.text.includes(String(STRANGER.id)) || m.text.includes('Пётр')),
    10_000,
  );
  t.truthy(request, 'the admin is asked to approve the stranger');
});

test('an admin of the web admin approves the request through the API, and the user is in', async (t) => {
  const { emulator } = t.context;
  const { node } = t.context.api;
  const accessToken = await adminToken(t);
  const pending = await listedAsPending(node.baseUrl, accessToken, STRANGER.id, 10_000);
  t.truthy(pending, 'the request is listed');
  const approved = await apiCall(node.baseUrl, `/telegram/users/${STRANGER.id}/approve`, {
    token: accessToken,
    body: { role: 'viewer' },
  });
  t.is(approved.status, 200);
  t.like(await approved.json(), { status: 'approved', role: 'viewer' });
  const before = emulator.sentTo(STRANGER.id).length;
  emulator.sendText(STRANGER, '/me');
  const me = await eventually(() => emulator.sentTo(STRANGER.id)[before], 10_000);
  t.truthy(me);
  t.notRegex(me?.text ?? '', /Доступ запрошен/);
  const viewer = await apiCall(node.baseUrl, '/telegram/users', { token: 'not-a-token' });
  t.is(viewer.status, 401);
});
