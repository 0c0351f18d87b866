import anyTest, { type TestFn } from 'ava';
import { apiCall } from '../../support/api-call.ts';
import { BotApiEmulator, type EmulatedUser } from '../../support/bot-api-emulator.ts';
import { listedAsPending } from '../../support/pending-telegram-user.ts';
import { eventually } from '../../support/eventually.ts';
import {
  type ServedApi,
  TEST_ADMIN_PASSWORD,
  adminToken,
  loginAt,
  startServedApi,
} from '../../support/served-api.ts';
import { TEST_BOT_TOKEN } from '../../support/telegram-harness.ts';
import { BlockingBotApiProxy } from './blocking-bot-api-proxy.ts';

// `tbot serve` with a bot token, polling the emulator through a proxy that can play a user who blocked the
// bot. Users ask for access in Telegram; an admin of the web admin decides over the REST API.
interface Context {
  api: ServedApi;
  emulator: BotApiEmulator;
  proxy: BlockingBotApiProxy;
  token: string;
}
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 7101, first_name: 'Ольга', language_code: 'ru' };
const ALICE: EmulatedUser = { id: 8101, first_name: 'Alice', language_code: 'en' };
const BORIS: EmulatedUser = { id: 8102, first_name: 'Борис', language_code: 'ru' };
const CAROL: EmulatedUser = { id: 8103, first_name: 'Carol', language_code: 'en' };
const DAN: EmulatedUser = { id: 8104, first_name: 'Dan', language_code: 'en-GB' };
const EVE: EmulatedUser = { id: 8105, first_name: 'Ева' };

/** The admin's access token at another node. */
const login = async (baseUrl: string): Promise<string> =>
  (await loginAt(baseUrl, 'admin', TEST_ADMIN_PASSWORD)).accessToken;

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.proxy = await BlockingBotApiProxy.start(t.context.emulator.apiRoot);
  t.context.api = await startServedApi({
    env: {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: t.context.proxy.apiRoot,
      TELEGRAM_ADMIN_IDS: String(ADMIN.id),
      TELEGRAM_POLLING_LEASE_TTL_MS: '2000',
    },
  });
  t.context.token = await adminToken(t);
});

test.after.always(async (t) => {
  await t.context.api?.stop();
  await t.context.proxy?.stop();
  await t.context.emulator?.stop();
});

/**
 * `user` writes to the bot, which records their access request and answers them: the API lists them as
 * pending, and nothing more is on its way to them.
 */
async function askForAccess(t: { context: Context }, user: EmulatedUser): Promise<boolean> {
  const { emulator, token } = t.context;
  const { node } = t.context.api;
  emulator.sendText(user, '/start');
  const answered = await eventually(() => emulator.sentTo(user.id).length > 0, 20_000);
  return answered && listedAsPending(node.baseUrl, token, user.id, 10_000);
}

const decide = (
  t: { context: Context },
  user: EmulatedUser,
  verdict: 'approve' | 'deny',
  options: { key?: string; baseUrl?: string; token?: string } = {},
) =>
  apiCall(options.baseUrl ?? t.context.api.node.baseUrl, `/telegram/users/${user.id}/${verdict}`, {
    token: options.token ?? t.context.token,
    body: verdict === 'approve' ? { role: 'operator' } : {},
    ...(options.key ? { headers: { 'Idempotency-Key': options.key } } : {}),
  });

test('an approval over the API is told to the user in Telegram, in their language', async (t) => {
  t.true(await askForAccess(t, ALICE), 'Alice asked for access');
  const approved = await decide(t, ALICE, 'approve', { key: 'approve-alice' });
  t.is(approved.status, 200);
  t.like(await approved.json(), { status: 'approved', role: 'operator' });
  const granted = (text: string) => text.startsWith('Access granted, your role: operator.');
  const told = await eventually(() => t.context.emulator.sentTo(ALICE.id).find((m) => granted(m.text)));
  t.truthy(told, 'Alice is told in English, with her role');
  const logged = await eventually(() =>
    t.context.api.node.logs.find((l) => l['msg'] === 'notice sent' && l['chatId'] === ALICE.id),
  );
  t.like(logged, { chatId: ALICE.id, kind: 'telegram.accessDecision', component: 'notifications' });

  const retried = await decide(t, ALICE, 'approve', { key: 'approve-alice' });
  t.is(retried.status, 200);
  // The retry recorded nothing, so the reactor has nothing to tell: a second notice would come within this.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.is(
    t.context.emulator.sentTo(ALICE.id).filter((m) => granted(m.text)).length,
    1,
    'a retry tells nobody twice',
  );
});

test('a denial over the API is told to the user in Telegram, in their language', async (t) => {
  t.true(await askForAccess(t, BORIS), 'Boris asked for access');
  const denied = await decide(t, BORIS, 'deny');
  t.is(denied.status, 200);
  t.like(await denied.json(), { status: 'denied', role: null });
  const told = await eventually(() =>
    t.context.emulator.sentTo(BORIS.id).find((m) => m.text.startsWith('В доступе отказано.')),
  );
  t.truthy(told, 'Boris is told in Russian');
});

test('a role change over the API is told to the user; the same role again tells nothing', async (t) => {
  const { emulator } = t.context;
  const { node } = t.context.api;
  const roleIs = (role: string) =>
    apiCall(node.baseUrl, `/telegram/users/${ALICE.id}/role`, { token: t.context.token, body: { role } });
  const changed = (text: string) => text.startsWith('Your role is now viewer.');
  t.is((await roleIs('viewer')).status, 200);
  t.truthy(
    await eventually(() => emulator.sentTo(ALICE.id).find((m) => changed(m.text))),
    'Alice is told her new role, in English',
  );
  t.is((await roleIs('viewer')).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.is(emulator.sentTo(ALICE.id).filter((m) => changed(m.text)).length, 1);
});

test('a user who blocked the bot cannot be told, and the admin is answered all the same', async (t) => {
  const { proxy } = t.context;
  const { node } = t.context.api;
  t.true(await askForAccess(t, CAROL), 'Carol asked for access');
  proxy.blocked.add(CAROL.id);
  const approved = await decide(t, CAROL, 'approve');
  t.is(approved.status, 200);
  t.like(await approved.json(), { status: 'approved', role: 'operator' });
  const marked = await eventually(() =>
    node.logs.find((l) => l['msg'] === 'notice undeliverable to this recipient'),
  );
  t.like(marked, { chatId: CAROL.id, kind: 'telegram.accessDecision' });
  t.deepEqual(proxy.refused, [{ method: 'sendMessage', chatId: CAROL.id }], 'the notice was tried once');
  const users = await apiCall(node.baseUrl, '/telegram/users?status=approved', { token: t.context.token });
  t.is(users.status, 200, 'the API goes on serving');
});

test('an API node that does not run the bot tells the user through a Bot API client of its own', async (t) => {
  const apiNode = await t.context.api.serveAnotherNode({
    ROLES: 'api',
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: t.context.proxy.apiRoot,
  });
  t.teardown(() => apiNode.stop());
  t.true(await askForAccess(t, DAN), 'Dan asked for access (the first node runs the bot)');
  const approved = await decide(t, DAN, 'approve', {
    baseUrl: apiNode.baseUrl,
    token: await login(apiNode.baseUrl),
  });
  t.is(approved.status, 200);
  const told = await eventually(() =>
    t.context.emulator.sentTo(DAN.id).find((m) => m.text.startsWith('Access granted, your role: operator.')),
  );
  t.truthy(told, 'Dan is told, by the API node');
  t.is(
    t.context.emulator.sentTo(DAN.id).filter((m) => m.text.startsWith('Access granted')).length,
    1,
    'told once, by one of the nodes with a token',
  );
});

test('a node without a bot token decides calmly; a node with one tells the user', async (t) => {
  const apiNode = await t.context.api.serveAnotherNode({ ROLES: 'api' });
  t.teardown(() => apiNode.stop());
  t.true(await askForAccess(t, EVE), 'Eve asked for access (the first node runs the bot)');
  const sentBefore = t.context.emulator.sentTo(EVE.id).length;
  const logsBefore = apiNode.logs.length;
  const denied = await decide(t, EVE, 'deny', {
    baseUrl: apiNode.baseUrl,
    token: await login(apiNode.baseUrl),
  });
  t.is(denied.status, 200);
  t.like(await denied.json(), { status: 'denied' });
  t.truthy(
    await eventually(() => t.context.emulator.sentTo(EVE.id).length > sentBefore, 20_000),
    'the node with the token tells Eve',
  );
  const alarming = apiNode.logs.slice(logsBefore).filter((l) => Number(l['level']) >= 40);
  t.deepEqual(alarming, [], 'no warning or error');
});
