import anyTest, { type TestFn } from 'ava';
import type { PersonalDataKeys } from '../../../application/personal-data/index.ts';
import { CONVERSATION_MARKER_MS, type ChatConversations } from '../../../application/ports/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { postgresChatConversations } from '../../../infrastructure/telegram/index.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  keys: PersonalDataKeys;
  conversations: ChatConversations;
}

const test = anyTest.serial as TestFn<Context>;
const masterKey = parseMasterKey('0'.repeat(63) + '9');
const BOT = 7_000_000_001;
const FIVE_MINUTES = 5 * 60_000;
const loginStep = { kind: 'otrs-link', step: 'login', data: {}, secret: false };
const passwordStep = { kind: 'otrs-link', step: 'password', data: { login: 'ivanov' }, secret: true };

test.before(async (t) => {
  if (!masterKey) throw new Error('test master key does not parse');
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.keys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  t.context.conversations = postgresChatConversations(database.pool, BOT, t.context.keys);
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const rows = async (t: { context: Context }) =>
  (
    await t.context.database.pool.query<{ telegram_user_id: string; data: string }>(
      'select telegram_user_id, data from telegram.conversations order by telegram_user_id',
    )
  ).rows;

test('a step replaces the one before; its data is kept encrypted with the user’s key', async (t) => {
  const { conversations } = t.context;
  t.is(await conversations.current(11), null);
  await conversations.begin(11, loginStep, FIVE_MINUTES);
  t.like(await conversations.current(11), { ...loginStep, ended: false, secretUpdateId: null });
  await conversations.begin(11, passwordStep, FIVE_MINUTES);
  t.like(await conversations.current(11), {
    ...passwordStep,
    chatId: 11,
    ended: false,
    secretUpdateId: null,
  });
  const [row] = await rows(t);
  t.true(row?.data.startsWith('pd1:'));
  t.false(row?.data.includes('ivanov'));
  t.is(
    await postgresChatConversations(t.context.database.pool, BOT + 1, t.context.keys).current(11),
    null,
    'another bot’s',
  );
});

test('an ended step is kept as ended; the update that answered a secret outlives the steps begun after it', async (t) => {
  const { conversations } = t.context;
  await conversations.end(11, { secretUpdateId: 501 });
  t.like(await conversations.current(11), { ...passwordStep, ended: true, secretUpdateId: 501 });
  await conversations.begin(11, loginStep, FIVE_MINUTES);
  t.like(
    await conversations.current(11),
    { ...loginStep, ended: false, secretUpdateId: 501 },
    'a new step starts afresh, still knowing the last secret',
  );
  await conversations.end(11);
  t.like(await conversations.current(11), { ended: true, secretUpdateId: 501 });
  t.is(await conversations.prune(new Date(Date.now() + FIVE_MINUTES + 1000), 100), 1);
  t.is(await conversations.current(11), null);
  t.is((await rows(t)).length, 0);
});

test('a step of another kind is not ended by a feature that ends its own', async (t) => {
  const { conversations } = t.context;
  const note = { kind: 'otrs-note', step: 'text', chatId: -100_16, data: { ticketId: 7 }, secret: false };
  await conversations.begin(14, note, FIVE_MINUTES);
  t.like(await conversations.current(14), { kind: 'otrs-note', chatId: -100_16, data: { ticketId: 7 } });
  await conversations.begin(14, passwordStep, FIVE_MINUTES);
  await conversations.end(14, { kind: 'otrs-note' });
  t.like(await conversations.current(14), { kind: 'otrs-link', step: 'password', chatId: 14 });
  await conversations.end(14, { kind: 'otrs-link' });
  t.like(await conversations.current(14), { kind: 'otrs-link', ended: true });
});

test('an expired step is kept a day as a marker, then reads as none and is pruned; a forgotten user’s reads as none', async (t) => {
  const { conversations, keys } = t.context;
  await conversations.begin(12, loginStep, -1000);
  await conversations.begin(13, passwordStep, FIVE_MINUTES);
  const marker = await conversations.current(12);
  t.like(marker, { ...loginStep, ended: false });
  t.true((marker?.expiresAt.getTime() ?? Infinity) < Date.now(), 'read with its end, in the past');
  t.is(await conversations.prune(new Date(Date.now() - 60_000), 100), 0, 'kept while a marker');
  await conversations.begin(12, loginStep, -CONVERSATION_MARKER_MS - 1000);
  t.is(await conversations.current(12), null, 'a day after its end it is gone');
  t.is(await conversations.prune(new Date(), 100), 1);
  t.deepEqual(
    (await rows(t)).map((r) => r.telegram_user_id),
    ['13', '14'],
  );

  await keys.forget('telegram-user-13');
  t.is(await conversations.current(13), null);
  await t.throwsAsync(conversations.begin(13, loginStep, FIVE_MINUTES), { instanceOf: Error });
});
