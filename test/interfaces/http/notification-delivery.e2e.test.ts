import anyTest, { type TestFn } from 'ava';
import { apiCall } from '../../support/api-call.ts';
import { BotApiEmulator, type EmulatedUser } from '../../support/bot-api-emulator.ts';
import { listedAsPending } from '../../support/pending-telegram-user.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';
import { type ServingTbot, runTbot } from '../../support/tbot-process.ts';
import { TEST_BOT_TOKEN } from '../../support/telegram-harness.ts';

// The notification reactor's promises, end to end: `tbot serve` processes with a bot token, the Bot API
// emulator playing Telegram (holding or failing chosen sends), access decisions made over the REST API.
interface Context {
  api: ServedApi;
  emulator: BotApiEmulator;
  /** The node that runs the bot now (a test may kill it and start another; ava copies the context per test). */
  bot: { node: ServingTbot };
  token: string;
}
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 7201, first_name: 'Admin', language_code: 'en' };
const user = (id: number): EmulatedUser => ({ id, first_name: `User${id}`, language_code: 'en' });

// The killed node's claims run out soon (a claim's length is stamped by the node that claimed).
const NODE_ENV = (apiRoot: string) => ({
  TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
  TELEGRAM_API_ROOT: apiRoot,
  TELEGRAM_ADMIN_IDS: String(ADMIN.id),
  TELEGRAM_POLLING_LEASE_TTL_MS: '2000',
  NOTIFICATION_SEND_TIMEOUT_MS: '2000',
  NOTIFICATION_CLAIM_TTL_MS: '3000',
});

const granted = (text: string) => text.startsWith('Access granted, your role: operator.');
const grantsTo = (t: { context: Context }, who: EmulatedUser) =>
  t.context.emulator.sentTo(who.id).filter((m) => granted(m.text)).length;
const isGrantTo = (who: EmulatedUser, method: string, payload: Record<string, unknown>) =>
  method === 'sendMessage' &&
  Number(payload['chat_id']) === who.id &&
  typeof payload['text'] === 'string' &&
  granted(payload['text']);

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.api = await startServedApi({ env: NODE_ENV(t.context.emulator.apiRoot) });
  t.context.bot = { node: t.context.api.node };
  t.context.token = await adminToken(t);
});

test.after.always(async (t) => {
  await t.context.bot?.node.stop();
  await t.context.api?.stop();
  await t.context.emulator?.stop();
});

/** `who` writes /start and is answered; the API then lists them as pending. */
async function askForAccess(t: { context: Context }, who: EmulatedUser): Promise<boolean> {
  const { emulator, token } = t.context;
  const { node } = t.context.bot;
  emulator.sendText(who, '/start');
  const answered = await eventually(() => emulator.sentTo(who.id).length > 0, 20_000);
  return answered && listedAsPending(node.baseUrl, token, who.id);
}

const approve = (t: { context: Context }, who: EmulatedUser) =>
  apiCall(t.context.bot.node.baseUrl, `/telegram/users/${who.id}/approve`, {
    token: t.context.token,
    body: { role: 'operator' },
  });

const outboxRow = async (t: { context: Context }, who: EmulatedUser) => {
  const { rows } = await t.context.api.database.pool.query<{ status: string; last_error: string | null }>(
    `select status, last_error from notifications.outbox where chat_id = $1 and kind = 'telegram.accessDecision'`,
    [who.id],
  );
  return rows;
};

test('a node killed mid-send: after a restart every notice arrives, only the one in flight maybe twice', async (t) => {
  const users = [8201, 8202, 8203, 8204, 8205].map(user);
  const [first, ...rest] = users as [EmulatedUser, ...EmulatedUser[]];
  for (const who of users) t.true(await askForAccess(t, who), `${who.id} asked for access`);

  // Telegram never answers the first user's notice: the node is killed while it waits.
  let holding = true;
  t.context.emulator.injectFault((method, payload) => {
    if (!holding || !isGrantTo(first, method, payload)) return undefined;
    holding = false;
    return 'hold';
  });
  t.is((await approve(t, first)).status, 200);
  t.truthy(await eventually(() => t.context.emulator.held.length === 1, 20_000), 'the notice is in flight');
  // The other decisions commit while that send hangs. Their chats do not wait for the hung one: each is sent
  // and marked on its own, before the kill (a sender sending in rounds held them all behind it).
  for (const who of rest) t.is((await approve(t, who)).status, 200);
  const others = await eventually(async () => {
    const rows = await Promise.all(rest.map((who) => outboxRow(t, who)));
    return rows.every((r) => r.length === 1 && r[0]?.status === 'sent');
  }, 20_000);
  t.true(others, 'the other notices went out while the first one hung');
  const killed = await t.context.bot.node.stop('SIGKILL');
  t.is(killed.signal, 'SIGKILL');

  t.context.bot.node = await t.context.api.serveAnotherNode(NODE_ENV(t.context.emulator.apiRoot));
  const everyone = await eventually(() => users.every((who) => grantsTo(t, who) >= 1), 30_000);
  t.true(everyone, `every user is told: ${users.map((who) => grantsTo(t, who)).join(',')}`);
  const sent = await eventually(async () => {
    const rows = await Promise.all(users.map((who) => outboxRow(t, who)));
    return rows.every((r) => r.length === 1 && r[0]?.status === 'sent');
  }, 20_000);
  t.true(sent, 'every outbox row is marked sent');
  for (const who of rest) t.is(grantsTo(t, who), 1, `${who.id} is told once`);
  t.true(grantsTo(t, first) <= 2, 'the notice in flight is told at most once more');
});

test('a user who blocked the bot is undeliverable, and the next notice still goes out', async (t) => {
  const blocker = user(8301);
  const next = user(8302);
  for (const who of [blocker, next]) t.true(await askForAccess(t, who), `${who.id} asked for access`);
  t.context.emulator.injectFault((method, payload) =>
    isGrantTo(blocker, method, payload)
      ? { status: 403, description: 'Forbidden: bot was blocked by the user' }
      : undefined,
  );
  t.is((await approve(t, blocker)).status, 200);
  t.is((await approve(t, next)).status, 200);

  t.truthy(await eventually(() => grantsTo(t, next) === 1, 20_000), 'the next user is told');
  const marked = await eventually(async () => (await outboxRow(t, blocker))[0]?.status === 'undeliverable');
  t.true(marked, 'the blocked recipient is marked undeliverable');
  const [row] = await outboxRow(t, blocker);
  t.regex(row?.last_error ?? '', /403 Forbidden: bot was blocked by the user/);
  t.is(grantsTo(t, blocker), 0);
  const refused = t.context.emulator.calls.filter(
    (c) => c.status === 403 && Number(c.payload['chat_id']) === blocker.id,
  );
  t.is(refused.length, 1, 'an undeliverable recipient is not retried');

  // The operator sees it in `tbot projections status`.
  const env = { DATABASE_URL: t.context.api.database.url, LOG_LEVEL: 'warn' };
  const json = await runTbot(['projections', 'status', '--format', 'json'], env);
  t.is(json.code, 0, json.stderr);
  t.like(JSON.parse(json.stdout), { outbox: { pending: 0, undeliverable: 1 } });
  const text = await runTbot(['projections', 'status'], env);
  t.regex(text.stdout, /notification outbox: 0 pending, 1 undeliverable/);
});

test('a 429 with retry_after is retried, then the notice is sent once', async (t) => {
  const limited = user(8401);
  t.true(await askForAccess(t, limited), 'asked for access');
  let limitedOnce = false;
  t.context.emulator.injectFault((method, payload) => {
    if (limitedOnce || !isGrantTo(limited, method, payload)) return undefined;
    limitedOnce = true;
    return { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
  });
  t.is((await approve(t, limited)).status, 200);

  t.truthy(await eventually(() => grantsTo(t, limited) === 1, 60_000), 'told after the retry');
  t.true(limitedOnce, 'the first send was answered 429');
  t.true(await eventually(async () => (await outboxRow(t, limited))[0]?.status === 'sent'), 'marked sent');
  // A second send would follow the first at once; give it the time a retry would take.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.is(grantsTo(t, limited), 1, 'sent once');
});
