import anyTest, { type TestFn } from 'ava';
import { Registry } from 'prom-client';
import { createOtrsMetrics } from '../../infrastructure/metrics/index.ts';
import { createOtrsClient } from '../../infrastructure/otrs/index.ts';
import type { EmulatedUser } from '../support/bot-api-emulator.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { eventually } from '../support/eventually.ts';
import { type LocalOtrsServer, startLocalOtrsServer } from '../support/otrs-server/index.ts';
import { type TelegramHarness, startTelegramHarness } from '../support/telegram-harness.ts';

// `/otrs_link`'s password step judged by the message's Telegram `date`: a password the user sent after the
// step ended is no ordinary message (not in the message log, not searched, not a note): it is deleted and
// answered "timed out"; one sent in time but delivered late is still the password. Through a running bot, the
// Bot API emulator and the local OTRS server.
type Context = {
  harness: TelegramHarness;
  otrs: LocalOtrsServer;
  otrsLogs: ReturnType<typeof captureLogger>;
};
const test = anyTest.serial as TestFn<Context>;

const DARIA: EmulatedUser = { id: 1701, first_name: 'Daria', language_code: 'en' };
const EGOR: EmulatedUser = { id: 1702, first_name: 'Егор', language_code: 'ru' };
const DARIA_PASSWORD = 'Daria-late-S3cret-0xE1';
const EGOR_PASSWORD = 'Egor-late-S3cret-0xE2';
const PASSWORDS = [DARIA_PASSWORD, EGOR_PASSWORD];
const SIX_MINUTES_S = 6 * 60;
const TIMED_OUT_EN =
  'OTRS linking timed out: I deleted that message without trying it. Send /otrs_link again.';
const TIMED_OUT_RU =
  'Время привязки OTRS истекло: я удалил это сообщение, не проверяя. Отправьте /otrs_link снова.';

test.before(async (t) => {
  const harness = await startTelegramHarness({
    TELEGRAM_ADMIN_IDS: `${DARIA.id},${EGOR.id}`,
    TELEGRAM_INBOX_RETRY_BASE_MS: '50',
  });
  const otrs = await startLocalOtrsServer();
  otrs.state.addAgent('daria', DARIA_PASSWORD);
  otrs.state.addAgent('egor', EGOR_PASSWORD);
  const otrsLogs = captureLogger();
  const gateway = createOtrsClient({
    baseUrl: otrs.baseUrl,
    webservice: otrs.webservice,
    timeZone: 'Europe/Berlin',
    timeoutMs: 2000,
    retryDelaysMs: [10],
    metrics: createOtrsMetrics(new Registry()),
    logger: otrsLogs,
  });
  Object.assign(t.context, { harness, otrs, otrsLogs });
  const runtime = await harness.startBot({ otrs: { gateway } });
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
  await t.context.otrs?.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Sends `text` as `who` (sent at `date`, Unix seconds, if given) and waits for the bot's next message to them. */
async function say(t: { context: Context }, who: EmulatedUser, text: string, date?: number) {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(who.id).length;
  const sent = emulator.sendText(who, text, date === undefined ? {} : { date });
  const reply = await eventually(() => emulator.sentTo(who.id)[before], 10_000);
  if (!reply) throw new Error(`no reply to a message of ${who.first_name}`);
  return { text: reply.text, ...sent };
}

/** The update is handled (done), as the inbox has it. */
const handled = (t: { context: Context }, updateId: number) =>
  eventually(async () => {
    const { rows } = await t.context.harness.database.pool.query<{ status: string }>(
      `select status from telegram.inbox where update_id = $1`,
      [updateId],
    );
    return rows[0]?.status === 'done';
  }, 10_000);

/** The message log's rows of an update: its text (`null` once taken out) and kind. */
const logged = async (t: { context: Context }, updateId: number) =>
  (
    await t.context.harness.database.pool.query<{ text: string | null; kind: string }>(
      `select text, kind from telegram.messages where direction = 'in' and update_id = $1`,
      [updateId],
    )
  ).rows;

/** Logged with a text (the log encrypts it: its ciphertext, not `null`). */
const isLoggedWithText = (rows: readonly { text: string | null }[]) =>
  rows.length === 1 && typeof rows[0]?.text === 'string' && rows[0].text.startsWith('pd1:');

const deletions = (t: { context: Context }, who: EmulatedUser, messageId: number) =>
  t.context.harness.emulator
    .callsOf('deleteMessage')
    .filter((c) => c.payload['message_id'] === messageId && c.payload['chat_id'] === who.id).length;

const linkEvents = async (t: { context: Context }, who: EmulatedUser) =>
  (await t.context.harness.eventStore.readStream(`otrs-agent-link-${who.id}`)).map((e) => e.type);

test('set-up: the agents are admins', async (t) => {
  t.truthy((await say(t, DARIA, '/start')).text);
  t.truthy((await say(t, EGOR, '/start')).text);
});

test('a password sent after the step ended is deleted, kept out of the message log, not tried: "timed out"', async (t) => {
  const { otrs } = t.context;
  await say(t, DARIA, '/otrs_link');
  t.regex((await say(t, DARIA, 'daria')).text, /^Now send the OTRS password of daria\./);
  const sessions = otrs.callsOf('SessionCreate').length;

  // Sent six minutes later (its Telegram date), the step's five being over.
  const late = await say(t, DARIA, DARIA_PASSWORD, nowSeconds() + SIX_MINUTES_S);
  t.is(late.text, TIMED_OUT_EN);
  t.true(await handled(t, late.updateId));
  t.is(deletions(t, DARIA, late.messageId), 1, 'deleted in Telegram');
  t.deepEqual(await logged(t, late.updateId), [{ text: null, kind: 'message' }], 'logged without its text');
  t.is(otrs.callsOf('SessionCreate').length, sessions, 'OTRS was not asked');
  t.deepEqual(await linkEvents(t, DARIA), [], 'nothing linked');

  // The marker is used up: the next message is an ordinary one again, its (encrypted) text logged.
  const next = t.context.harness.emulator.sendText(DARIA, 'an ordinary message');
  t.true(await handled(t, next.updateId));
  t.true(isLoggedWithText(await logged(t, next.updateId)));
});

test('in the user’s language; a bare command after the step ended runs, and the marker still takes the password', async (t) => {
  await say(t, EGOR, '/otrs_link');
  await say(t, EGOR, 'egor');
  const later = nowSeconds() + SIX_MINUTES_S;
  const help = await say(t, EGOR, '/help', later);
  t.not(help.text, TIMED_OUT_RU, 'the command ran');
  t.true(isLoggedWithText(await logged(t, help.updateId)), 'a command is no secret: logged with its text');
  const late = await say(t, EGOR, EGOR_PASSWORD, later);
  t.is(late.text, TIMED_OUT_RU);
  t.is(deletions(t, EGOR, late.messageId), 1);
  t.deepEqual(await logged(t, late.updateId), [{ text: null, kind: 'message' }]);
  t.deepEqual(await linkEvents(t, EGOR), []);
});

test('a late password redelivered is the same secret: still out of the log, deleted and answered once', async (t) => {
  const { harness } = t.context;
  const { emulator } = harness;
  await say(t, DARIA, '/otrs_link');
  await say(t, DARIA, 'daria');
  const late = await say(t, DARIA, DARIA_PASSWORD, nowSeconds() + SIX_MINUTES_S);
  t.is(late.text, TIMED_OUT_EN);
  t.true(await handled(t, late.updateId));
  const replies = emulator.sentTo(DARIA.id).length;
  const update = emulator.pushed.find((u) => u.update_id === late.updateId);
  if (!update) throw new Error('the late update was not pushed');
  emulator.redeliver(update);
  // Redelivered and handled: the next message's reply comes after the redelivery's (the inbox is in order).
  const after = await say(t, DARIA, '/help');
  t.not(after.text, TIMED_OUT_EN);
  t.is(emulator.sentTo(DARIA.id).length, replies + 1, 'the redelivery sent nothing more');
  t.is(deletions(t, DARIA, late.messageId), 1, 'deleted once');
  t.true((await logged(t, late.updateId)).every((r) => r.text === null));
});

test('a password sent in time but delivered after the step ended is still the password: linked', async (t) => {
  const { harness } = t.context;
  await say(t, DARIA, '/otrs_link');
  await say(t, DARIA, 'daria');
  // The step ended 30 s ago by the bot's clock; the user sent the password a minute ago.
  await harness.database.pool.query(
    `update telegram.conversations set expires_at = now() - interval '30 seconds' where telegram_user_id = $1`,
    [DARIA.id],
  );
  const password = await say(t, DARIA, DARIA_PASSWORD, nowSeconds() - 60);
  t.is(password.text, 'OTRS account daria linked.');
  t.is(deletions(t, DARIA, password.messageId), 1);
  t.deepEqual(await linkEvents(t, DARIA), ['OtrsAgentLinked']);
});

test('no password is in any table, log line or call the bot made', async (t) => {
  const { harness, otrsLogs } = t.context;
  const { pool } = harness.database;
  const { rows: tables } = await pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query<{ row: string }>(`select t::text as row from ${name} t`);
    parts.push(...rows.map((r) => r.row));
  }
  const database = parts.join('\n');
  t.true(database.includes('otrs-agent-link-1701'), 'the dump holds the events');
  const logs = JSON.stringify([...harness.logs, ...otrsLogs.lines]);
  const calls = JSON.stringify(harness.emulator.calls.filter((c) => c.method !== 'getUpdates'));
  for (const secret of PASSWORDS) {
    t.false(database.includes(secret), 'a password is in the database');
    t.false(logs.includes(secret), 'a password is in a log line');
    t.false(calls.includes(secret), 'a password is in a call the bot made');
  }
});
