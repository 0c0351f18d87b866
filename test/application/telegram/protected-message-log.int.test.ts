import { randomBytes } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { PersonalDataKeys } from '../../../application/personal-data/index.ts';
import {
  type LoggedMessage,
  type MessageLog,
  withProtectedMessageTexts,
} from '../../../application/telegram/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../../../infrastructure/personal-data/index.ts';
import {
  postgresMessageLog,
  postgresTelegramInbox,
  postgresTelegramUserTraces,
} from '../../../infrastructure/telegram/index.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// #12 point 1: the message log kept /find answers (names, phones) for 90 days, and the inbox kept every raw
// update and Telegram's copy of every answer after handling them.
const test = anyTest.serial as TestFn<{
  database: TestDatabase;
  keys: PersonalDataKeys;
  log: MessageLog;
  keep: { value: boolean };
}>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
  t.context.keys = createPostgresPersonalDataKeys({
    pool: t.context.database.pool,
    masterKey: masterKeyOf(randomBytes(32)),
  });
  t.context.keep = { value: false };
  t.context.log = withProtectedMessageTexts(postgresMessageLog(t.context.database.pool), {
    keys: t.context.keys,
    keepOutgoingTexts: () => t.context.keep.value,
  });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const USER = 3003;
const message = (direction: 'in' | 'out', id: number, text: string): LoggedMessage => ({
  direction,
  chatId: USER,
  messageId: id,
  threadId: null,
  telegramUserId: USER,
  updateId: direction === 'in' ? id : null,
  kind: direction === 'in' ? 'message' : 'sendMessage',
  text,
  at: new Date(),
});

const storedTexts = async (t: { context: { database: TestDatabase } }) =>
  (
    await t.context.database.pool.query<{ direction: string; text: string | null }>(
      `select direction, text from telegram.messages order by id`,
    )
  ).rows;

test("keeps no text the bot sends by default, and a user's own text only encrypted with their key", async (t) => {
  const { log } = t.context;
  t.true(await log.recordIncoming({ ...message('in', 1, '/find Сидоров'), updateId: 1 }));
  await log.recordOutgoing(message('out', 2, 'Сидоров Пётр, +7 916 555-00-11'));
  const rows = await storedTexts(t);
  t.is(rows.length, 2);
  t.regex(rows[0]?.text ?? '', /^pd1:/);
  t.is(rows[1]?.text, null, 'the answer is logged without its text');
  t.is(await log.incomingText(USER, 1), '/find Сидоров', 'the buttons still read their query back');
});

test('keeps the texts it sends, encrypted, when telegram.keepMessageTexts is on', async (t) => {
  const { log, keep } = t.context;
  keep.value = true;
  await log.recordOutgoing(message('out', 3, 'Сидоров Пётр, +7 916 555-00-11'));
  keep.value = false;
  const rows = await storedTexts(t);
  t.regex(rows.at(-1)?.text ?? '', /^pd1:/);
  t.false(JSON.stringify(rows).includes('Сидоров'));
});

test('a forgotten user’s texts no longer read, and the purge deletes their rows', async (t) => {
  const { log, keys, database } = t.context;
  t.true(await keys.forget(`telegram-user-${USER}`));
  t.is(await log.incomingText(USER, 1), null);
  await postgresTelegramUserTraces(database.pool).purge(USER);
  t.deepEqual(await storedTexts(t), []);
});

test('an update, once handled, keeps neither its raw JSON nor its call journal', async (t) => {
  const { database } = t.context;
  const inbox = postgresTelegramInbox(database.pool, 77);
  const raw = JSON.stringify({
    update_id: 9,
    message: { text: '/find Сидоров', from: { first_name: 'Пётр' } },
  });
  await inbox.receive([{ updateId: 9, chatKey: `chat:${USER}`, raw }]);
  await inbox.recordCall(9, { seq: 0, method: 'sendMessage', result: '{"text":"Сидоров +7 916 555-00-11"}' });
  t.is((await inbox.journal(9)).length, 1, 'a pending update keeps its journal for a retry');
  await inbox.markDone(9);
  const { rows } = await database.pool.query<{ status: string; raw: string }>(
    `select status, raw from telegram.inbox where update_id = 9`,
  );
  t.deepEqual(rows, [{ status: 'done', raw: '' }]);
  t.deepEqual(await inbox.journal(9), []);
  await inbox.receive([{ updateId: 10, chatKey: `chat:${USER}`, raw }]);
  await inbox.markFailure({ updateId: 10, error: 'Error', retryAt: null });
  const failed = await database.pool.query<{ raw: string }>(
    `select raw from telegram.inbox where update_id = 10`,
  );
  t.is(failed.rows[0]?.raw, '', 'an update given up on keeps its ids and error class, not what was written');
});
