import anyTest, { type TestFn } from 'ava';
import type { PersonalDataKeys } from '../../../application/personal-data/index.ts';
import type { OtrsAgentSessions } from '../../../application/ports/index.ts';
import { postgresOtrsAgentSessions } from '../../../infrastructure/otrs/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  keys: PersonalDataKeys;
  sessions: OtrsAgentSessions;
}

const test = anyTest as TestFn<Context>;

const masterKey = parseMasterKey('0'.repeat(63) + '7');

test.before(async (t) => {
  if (!masterKey) throw new Error('test master key does not parse');
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.keys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  t.context.sessions = postgresOtrsAgentSessions({ pool: database.pool, keys: t.context.keys });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const storedOf = async (t: { context: Context }, telegramUserId: number): Promise<string[]> => {
  const { rows } = await t.context.database.pool.query<{ session: string }>(
    'select session from otrs.agent_sessions where telegram_user_id = $1',
    [telegramUserId],
  );
  return rows.map((row) => row.session);
};

test('a session is kept, read back and dropped; a user without one reads null', async (t) => {
  const { sessions } = t.context;
  t.is(await sessions.get(1001), null);
  await sessions.put(1001, { sessionId: 'S-first-1001' });
  t.deepEqual(await sessions.get(1001), { sessionId: 'S-first-1001' });
  t.is(await sessions.get(1002), null, 'another user sees nothing of it');
  t.true(await sessions.drop(1001));
  t.is(await sessions.get(1001), null);
  t.deepEqual(await storedOf(t, 1001), []);
});

test('a new session replaces the one the user had', async (t) => {
  const { sessions } = t.context;
  await sessions.put(2001, { sessionId: 'S-old-2001' });
  await sessions.put(2001, { sessionId: 'S-new-2001' });
  t.deepEqual(await sessions.get(2001), { sessionId: 'S-new-2001' });
  t.is((await storedOf(t, 2001)).length, 1);
});

test('dropping is idempotent: false when there was nothing', async (t) => {
  const { sessions } = t.context;
  t.false(await sessions.drop(3001));
  await sessions.put(3001, { sessionId: 'S-3001' });
  t.true(await sessions.drop(3001));
  t.false(await sessions.drop(3001));
});

test('the stored bytes do not hold the session id in clear', async (t) => {
  const { sessions } = t.context;
  const sessionId = 'S-clear-text-4001-abcdef';
  await sessions.put(4001, { sessionId });
  const [stored] = await storedOf(t, 4001);
  t.truthy(stored);
  t.false(stored?.includes(sessionId));
  t.false(stored?.includes('clear-text'));
  t.true(stored?.startsWith('pd1:'));
  const body = Buffer.from((stored ?? '').slice('pd1:'.length), 'base64url');
  t.false(body.includes(Buffer.from(sessionId, 'utf8')), 'nor do its decoded bytes');
});

test('once the user is forgotten the session reads null, the row dropped or not', async (t) => {
  const { sessions, keys } = t.context;
  await sessions.put(5001, { sessionId: 'S-5001' });
  t.true(await keys.forget('telegram-user-5001'));
  t.is(await sessions.get(5001), null);
  t.is((await storedOf(t, 5001)).length, 1, 'the row is still there: only the key went');
  await t.throwsAsync(sessions.put(5001, { sessionId: 'S-5001-again' }), {
    message: /telegram-user-5001 was forgotten/,
  });
  t.true(await sessions.drop(5001));
});

test('a row copied to another user does not read as their session', async (t) => {
  const { sessions, database } = t.context;
  await sessions.put(6001, { sessionId: 'S-6001' });
  await sessions.put(6002, { sessionId: 'S-6002' });
  await database.pool.query(
    `update otrs.agent_sessions set session = (select session from otrs.agent_sessions where telegram_user_id = 6001)
     where telegram_user_id = 6002`,
  );
  t.is(await sessions.get(6002), null);
  await database.pool.query(
    `update otrs.agent_sessions set session = 'S-plain' where telegram_user_id = 6002`,
  );
  t.is(await sessions.get(6002), null, 'a value in clear is never handed out');
});
