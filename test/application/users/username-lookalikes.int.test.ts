import { createHash } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { randomIds } from '../../../application/ports/index.ts';
import { type UserCommands, makeUserCommands } from '../../../application/users/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The users' commands on a real event store: a name that looks like another user's is refused, whether that
// user was created before skeletons were reserved or at the same moment.
const test = anyTest as TestFn<{ database: TestDatabase; store: PostgresEventStore; users: UserCommands }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase();
  t.context.store = createPostgresEventStore({ pool: t.context.database.pool, url: t.context.database.url });
  const hasher = { hash: (p: string) => Promise.resolve(`hash:${p}`), verify: () => Promise.resolve(false) };
  t.context.users = makeUserCommands({ store: t.context.store, hasher, ids: randomIds });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

const user = (username: string) => ({ username, password: 'long-enough-password', role: 'viewer' as const });

test('refuses a look-alike of a name reserved before skeletons were (no skeleton stream)', async (t) => {
  // What an older version recorded for a user `ace`: the name's reservation only.
  await t.context.store.append(
    'username-ace',
    [{ type: 'UsernameReserved', data: { username: 'ace', userId: crypto.randomUUID() }, metadata }],
    { expectedRevision: 'no_stream' },
  );
  const error = await t.throwsAsync(t.context.users.createUser(user('\u0430\u0441\u0435'), { metadata }));
  t.like(error, { code: 'USER.USERNAME_LOOKALIKE_TAKEN' });
  t.deepEqual(await t.context.store.readStream('username-\u0430\u0441\u0435'), []);
});

test('of two look-alikes created at once, exactly one is created', async (t) => {
  const outcomes = await Promise.allSettled(
    ['bob', 'b0b', 'B0B', 'bob'].map((name) => t.context.users.createUser(user(name), { metadata })),
  );
  t.is(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
  for (const o of outcomes) {
    if (o.status === 'rejected') {
      t.true(
        ['USER.USERNAME_LOOKALIKE_TAKEN', 'USER.USERNAME_ALREADY_EXISTS'].includes(
          (o.reason as { code: string }).code,
        ),
      );
    }
  }
  const lock = `usernameskeleton-${createHash('sha256').update('bob').digest('hex')}`;
  t.is((await t.context.store.readStream(lock)).length, 1);
});

test('a mixed-script name is refused before anything is appended', async (t) => {
  const error = await t.throwsAsync(t.context.users.createUser(user('\u0430dmin'), { metadata }));
  t.like(error, { code: 'USER.USERNAME_MIXED_SCRIPTS' });
  t.deepEqual(await t.context.store.readStream('username-\u0430dmin'), []);
});

test('a name equal to another regardless of case is still refused as taken, not as a look-alike', async (t) => {
  await t.context.users.createUser(user('Carol'), { metadata });
  const error = await t.throwsAsync(t.context.users.createUser(user('carol'), { metadata }));
  t.like(error, { code: 'USER.USERNAME_ALREADY_EXISTS' });
});
