import { randomBytes } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { Registry } from 'prom-client';
import { makeAgentLinkCommands } from '../../../../application/otrs/index.ts';
import { createOtrsMetrics } from '../../../../infrastructure/metrics/index.ts';
import { createOtrsClient, postgresOtrsAgentSessions } from '../../../../infrastructure/otrs/index.ts';
import {
  createPostgresPersonalDataKeys,
  masterKeyOf,
} from '../../../../infrastructure/personal-data/index.ts';
import type { EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';
import { otrsAgentLoginStreamId } from '../../../../domain/otrs/index.ts';
import { eventually } from '../../../support/eventually.ts';
import { type LocalOtrsServer, startLocalOtrsServer } from '../../../support/otrs-server/index.ts';
import { type TelegramHarness, startTelegramHarness } from '../../../support/telegram-harness.ts';

// `/otrs_link` and `/otrs_unlink` through a running bot, the Bot API emulator and the local OTRS server: the
// password's message deleted and its text in no table, no log line and no call the bot made.
type Context = {
  harness: TelegramHarness;
  otrs: LocalOtrsServer;
  otrsLogs: ReturnType<typeof captureLogger>;
};
const test = anyTest.serial as TestFn<Context>;

const ANNA: EmulatedUser = { id: 1601, first_name: 'Anna', language_code: 'en' };
const BORIS: EmulatedUser = { id: 1602, first_name: 'Борис', language_code: 'ru' };
const CLARA: EmulatedUser = { id: 1603, first_name: 'Clara', language_code: 'en' };
const ANNA_PASSWORD = 'Anna-S3cret-pw-0xA1';
const BORIS_PASSWORD = 'Boris-S3cret-pw-0xB2';
const CLARA_PASSWORD = 'Clara-S3cret-pw-0xD4';
const WRONG_PASSWORD = 'Wrong-Guess-pw-0xC3';
const PASSWORDS = [ANNA_PASSWORD, BORIS_PASSWORD, CLARA_PASSWORD, WRONG_PASSWORD];

test.before(async (t) => {
  const harness = await startTelegramHarness({
    TELEGRAM_ADMIN_IDS: `${ANNA.id},${BORIS.id},${CLARA.id}`,
    TELEGRAM_INBOX_RETRY_BASE_MS: '50',
  });
  const otrs = await startLocalOtrsServer();
  otrs.state.addAgent('anna', ANNA_PASSWORD);
  otrs.state.addAgent('boris', BORIS_PASSWORD);
  otrs.state.addAgent('clara', CLARA_PASSWORD);
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

/** Sends `text` as `who` and waits for the bot's next message to them; returns it and the update sent. */
async function say(t: { context: Context }, who: EmulatedUser, text: string) {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(who.id).length;
  const sent = emulator.sendText(who, text);
  const reply = await eventually(() => emulator.sentTo(who.id)[before], 10_000);
  if (!reply) throw new Error(`no reply to ${text}`);
  return { text: reply.text, ...sent };
}

/** The whole database as text: every row of every table of every schema TBot has. */
async function everyRow(t: { context: Context }): Promise<string> {
  const { pool } = t.context.harness.database;
  const { rows: tables } = await pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query<{ row: string }>(`select t::text as row from ${name} t`);
    parts.push(...rows.map((r) => `${name} ${r.row}`));
  }
  return parts.join('\n');
}

/** The claim stream of a login, named by the keyed hash the bot names it by. */
const claimStream = (t: { context: Context }, login: string) =>
  otrsAgentLoginStreamId(t.context.harness.claimKeys.claimKeyOf(login));

const streamTypes = async (t: { context: Context }, streamId: string) =>
  (await t.context.harness.eventStore.readStream(streamId)).map((e) => e.type);

/** The update is handled (done): its raw JSON is dropped from the inbox then. */
const handled = (t: { context: Context }, updateId: number) =>
  eventually(async () => {
    const { rows } = await t.context.harness.database.pool.query<{ status: string }>(
      `select status from telegram.inbox where update_id = $1`,
      [updateId],
    );
    return rows[0]?.status === 'done';
  }, 10_000);

test('set-up: the agents are admins of TELEGRAM_ADMIN_IDS', async (t) => {
  t.truthy((await say(t, ANNA, '/start')).text);
  t.truthy((await say(t, BORIS, '/start')).text);
  t.truthy((await say(t, CLARA, '/start')).text);
});

test('/otrs_link asks the login, then the password, deletes it, and links: events, claim and session kept', async (t) => {
  const { harness, otrs } = t.context;
  t.is((await say(t, ANNA, '/otrs_link')).text, 'Send your OTRS login.');
  const asked = await say(t, ANNA, 'anna');
  t.regex(asked.text, /^Now send the OTRS password of anna\. I delete that message at once/);

  const password = await say(t, ANNA, ANNA_PASSWORD);
  t.is(password.text, 'OTRS account anna linked.');
  const deleted = harness.emulator.callsOf('deleteMessage');
  t.true(
    deleted.some((c) => c.payload['message_id'] === password.messageId && c.payload['chat_id'] === ANNA.id),
    'the password message was deleted',
  );
  t.is(otrs.callsOf('SessionCreate').length, 1);

  t.deepEqual(await streamTypes(t, `otrs-agent-link-${ANNA.id}`), ['OtrsAgentLinked']);
  t.deepEqual(await streamTypes(t, claimStream(t, 'anna')), ['OtrsAgentLoginClaimed']);
  const [linked] = await harness.eventStore.readStream(`otrs-agent-link-${ANNA.id}`);
  t.deepEqual(linked?.data, { telegramUserId: ANNA.id, login: 'anna' });
  const { rows } = await harness.database.pool.query<{ session: string }>(
    `select session from otrs.agent_sessions where telegram_user_id = $1`,
    [ANNA.id],
  );
  const liveSessions = [...otrs.state.sessions.keys()];
  t.is(liveSessions.length, 1);
  t.is(rows.length, 1, 'the session is kept');
  t.false(rows[0]?.session.includes(liveSessions[0] ?? '-'), 'encrypted, not in plain');

  // The next message is an ordinary one again: no second SessionCreate.
  await say(t, ANNA, '/help');
  t.is(otrs.callsOf('SessionCreate').length, 1);
  t.true(await handled(t, password.updateId));
  // The message log (whose texts are encrypted, so a dump would not show it) has the message without its text.
  const logged = await harness.database.pool.query<{ text: string | null; kind: string }>(
    `select text, kind from telegram.messages where direction = 'in' and update_id = $1`,
    [password.updateId],
  );
  t.deepEqual(logged.rows, [{ text: null, kind: 'message' }]);
  const { rows: inbox } = await harness.database.pool.query<{ raw: string }>(
    `select raw from telegram.inbox where update_id = $1`,
    [password.updateId],
  );
  t.deepEqual(inbox, [{ raw: '' }], 'the raw update is dropped once handled');
});

test('a wrong password is answered clearly and writes nothing; OTRS down is "try later"', async (t) => {
  const { harness, otrs } = t.context;
  await say(t, BORIS, '/otrs_link');
  await say(t, BORIS, 'boris');
  const wrong = await say(t, BORIS, WRONG_PASSWORD);
  t.is(wrong.text, 'OTRS не принял этот логин и пароль. Чтобы попробовать снова, отправьте /otrs_link.');
  t.true(harness.emulator.callsOf('deleteMessage').some((c) => c.payload['message_id'] === wrong.messageId));
  t.deepEqual(await streamTypes(t, `otrs-agent-link-${BORIS.id}`), []);
  t.deepEqual(await streamTypes(t, claimStream(t, 'boris')), []);

  otrs.faults.add({ kind: 'html' }, { operation: 'SessionCreate' });
  await say(t, BORIS, '/otrs_link');
  await say(t, BORIS, 'boris');
  t.is((await say(t, BORIS, BORIS_PASSWORD)).text, 'OTRS недоступен, попробуйте позже.');
  t.deepEqual(await streamTypes(t, `otrs-agent-link-${BORIS.id}`), []);

  // An invalid login is refused at its step, which still waits for one.
  await say(t, BORIS, '/otrs_link');
  t.is(
    (await say(t, BORIS, 'bo ris')).text,
    'Логин OTRS не подходит: без пробелов и управляющих символов, до 200 символов.',
  );
  t.regex((await say(t, BORIS, 'boris')).text, /^Теперь отправьте пароль OTRS для boris\./);
  t.is(
    (await say(t, BORIS, '/otrs_unlink')).text,
    'Привязка OTRS прервана. Чтобы попробовать снова, отправьте /otrs_link.',
  );
});

test("a second user claiming the same login (another spelling) is refused; the claim stays the first's", async (t) => {
  const { harness } = t.context;
  await say(t, BORIS, '/otrs_link');
  await say(t, BORIS, 'ANNA');
  t.is(
    (await say(t, BORIS, ANNA_PASSWORD)).text,
    'Эта учётная запись OTRS уже привязана к другому пользователю Telegram.',
  );
  t.deepEqual(await streamTypes(t, `otrs-agent-link-${BORIS.id}`), []);
  t.deepEqual(await streamTypes(t, claimStream(t, 'anna')), ['OtrsAgentLoginClaimed']);
  const { rows } = await harness.database.pool.query(
    `select 1 from otrs.agent_sessions where telegram_user_id = $1`,
    [BORIS.id],
  );
  t.is(rows.length, 0);
});

test('an expired session asks the agent to log in again (the otrs-link-notices reactor); linking renews it', async (t) => {
  const { harness } = t.context;
  // As the actions reactor does when OTRS refuses the agent's session (its keys are not needed to drop one).
  const sessions = postgresOtrsAgentSessions({
    pool: harness.database.pool,
    keys: createPostgresPersonalDataKeys({
      pool: harness.database.pool,
      masterKey: masterKeyOf(randomBytes(32)),
    }),
  });
  const links = makeAgentLinkCommands({ store: harness.eventStore, sessions, claimKeys: harness.claimKeys });
  const before = harness.emulator.sentTo(ANNA.id).length;
  await links.expire(ANNA.id, { metadata: testMetadata, idempotencyKey: 'test:expire-1' });
  const notice = await eventually(() => harness.emulator.sentTo(ANNA.id)[before], 10_000);
  t.is(notice?.text, 'Your OTRS session has expired: log in again with /otrs_link');
  const dropped = await harness.database.pool.query(
    `select 1 from otrs.agent_sessions where telegram_user_id = $1`,
    [ANNA.id],
  );
  t.is(dropped.rows.length, 0, 'the expired session is dropped');

  await say(t, ANNA, '/otrs_link');
  await say(t, ANNA, 'anna');
  t.is((await say(t, ANNA, ANNA_PASSWORD)).text, 'OTRS account anna linked.');
  t.deepEqual(await streamTypes(t, `otrs-agent-link-${ANNA.id}`), [
    'OtrsAgentLinked',
    'OtrsAgentSessionExpired',
    'OtrsAgentSessionRenewed',
  ]);
});

test('/otrs_unlink ends the link, frees the login, drops the session; a second one is NOT_LINKED', async (t) => {
  const { harness } = t.context;
  t.is((await say(t, ANNA, '/otrs_unlink')).text, 'Your OTRS account is unlinked.');
  const events = await harness.eventStore.readStream(`otrs-agent-link-${ANNA.id}`);
  t.deepEqual(events.at(-1)?.data, { telegramUserId: ANNA.id, reason: 'self' });
  t.deepEqual(await streamTypes(t, claimStream(t, 'anna')), [
    'OtrsAgentLoginClaimed',
    'OtrsAgentLoginReleased',
  ]);
  const { rows } = await harness.database.pool.query(
    `select 1 from otrs.agent_sessions where telegram_user_id = $1`,
    [ANNA.id],
  );
  t.is(rows.length, 0);
  t.is((await say(t, ANNA, '/otrs_unlink')).text, 'Link your OTRS account first: /otrs_link');

  // Now free: the other user may link it.
  await say(t, BORIS, '/otrs_link');
  await say(t, BORIS, 'anna');
  t.is((await say(t, BORIS, ANNA_PASSWORD)).text, 'Учётная запись OTRS anna привязана.');
  // A second login needs an unlink first: refused at the login, before any password is asked.
  await say(t, BORIS, '/otrs_link');
  t.is(
    (await say(t, BORIS, 'boris')).text,
    'Вы уже привязаны к другой учётной записи OTRS: сначала /otrs_unlink',
  );
  t.deepEqual(await streamTypes(t, claimStream(t, 'boris')), []);
});

test('/otrs_link in a group is refused: only in a private chat', async (t) => {
  const { emulator } = t.context.harness;
  const group = { id: -1_002_000_000_016, type: 'supergroup' as const, title: 'Helpdesk' };
  const before = emulator.sentTo(group.id).length;
  emulator.sendText(ANNA, '/otrs_link', { chat: group });
  const reply = await eventually(() => emulator.sentTo(group.id)[before], 10_000);
  t.is(reply?.text, 'Link your OTRS account in a private chat with me only: send /otrs_link there.');
});

test('a handling that fails after the password is retried as the same secret: still out of the message log, linked once', async (t) => {
  const { harness, otrs } = t.context;
  const { emulator } = harness;
  // The "linked" answer is refused four times (Telegram's 429 with no wait): the auto-retry gives up, the
  // handling fails after the link committed, and the inbox hands the update over again.
  let refused = 0;
  emulator.injectFault((method, payload) => {
    if (method !== 'sendMessage' || payload['chat_id'] !== CLARA.id) return undefined;
    if (!String(payload['text']).startsWith('OTRS account clara linked') || refused >= 4) return undefined;
    refused += 1;
    return { status: 429, description: 'Too Many Requests: retry after 0', parameters: { retry_after: 0 } };
  });
  await say(t, CLARA, '/otrs_link');
  await say(t, CLARA, 'clara');
  const sessionsBefore = otrs.callsOf('SessionCreate').length;
  const password = await say(t, CLARA, CLARA_PASSWORD);
  t.is(password.text, 'OTRS account clara linked.');
  t.is(refused, 4, 'the first handling failed');
  t.true(await handled(t, password.updateId));
  t.is(otrs.callsOf('SessionCreate').length, sessionsBefore + 2, 'the retry logged in again');
  t.deepEqual(await streamTypes(t, `otrs-agent-link-${CLARA.id}`), ['OtrsAgentLinked'], 'linked once');
  t.is(
    emulator.callsOf('deleteMessage').filter((c) => c.payload['message_id'] === password.messageId).length,
    1,
    'deleted once: the retry replays the journal',
  );
  const { rows } = await harness.database.pool.query<{ text: string | null }>(
    `select text from telegram.messages where direction = 'in' and update_id = $1`,
    [password.updateId],
  );
  t.true(rows.length >= 1);
  t.true(rows.every((r) => r.text === null));
});

test('after every flow, no password is in any table (inbox, message log, conversations, events), log line or bot call', async (t) => {
  const { harness, otrsLogs } = t.context;
  t.true(
    await eventually(async () => {
      const { rows } = await harness.database.pool.query(
        `select 1 from telegram.inbox where status <> 'done'`,
      );
      return rows.length === 0;
    }, 10_000),
    'every update handled',
  );
  const { rows } = await harness.database.pool.query<{ text: string | null; kind: string }>(
    `select text, kind from telegram.messages where direction = 'in' and telegram_user_id = $1
     order by at`,
    [ANNA.id],
  );
  t.true(rows.length >= 4, 'the password message itself is in the log, without its text');
  t.true(rows.some((r) => r.kind === 'message' && r.text === null));
  const database = await everyRow(t);
  t.true(database.includes('otrs-agent-link-1601'), 'the dump holds the events');
  const logs = JSON.stringify([...harness.logs, ...otrsLogs.lines]);
  const calls = JSON.stringify(harness.emulator.calls.filter((c) => c.method !== 'getUpdates'));
  for (const secret of PASSWORDS) {
    t.false(database.includes(secret), 'a password is in the database');
    t.false(logs.includes(secret), 'a password is in a log line');
    t.false(calls.includes(secret), 'a password is in a call the bot made');
  }
});
