import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { randomIds } from '../../../application/ports/index.ts';
import { type UserCommands, makeUserCommands } from '../../../application/users/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase; store: PostgresEventStore; users: UserCommands }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase();
  t.context.store = createPostgresEventStore({ pool: t.context.database.pool, url: t.context.database.url });
  // A fast stand-in for argon2: this tests the streams, not the hashing.
  const hasher = { hash: (p: string) => Promise.resolve(`hash:${p}`), verify: () => Promise.resolve(false) };
  t.context.users = makeUserCommands({ store: t.context.store, hasher, ids: randomIds });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

const name = () => `user${randomUUID().slice(0, 8)}`;

test('of concurrent creations of one name in any case, exactly one wins', async (t) => {
  const username = name();
  const outcomes = await Promise.allSettled(
    [username, username.toUpperCase(), username, username.toUpperCase()].map((u) =>
      t.context.users.createUser(
        { username: u, password: 'long-enough-password', role: 'viewer' },
        { metadata },
      ),
    ),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  t.is(won.length, 1);
  for (const o of outcomes) {
    if (o.status === 'rejected') t.like(o.reason, { code: 'USER.USERNAME_ALREADY_EXISTS' });
  }
  const reservation = await t.context.store.readStream(`username-${username.toLowerCase()}`);
  t.is(reservation.length, 1);
});

test('a retried creation with the same idempotency key answers the same user and appends nothing', async (t) => {
  const user = { username: name(), password: 'long-enough-password', role: 'admin' as const };
  const write = { metadata, idempotencyKey: `test:${randomUUID()}` };
  const first = await t.context.users.createUser(user, write);
  const again = await t.context.users.createUser(user, write);
  t.is(again.userId, first.userId);
  t.true(again.duplicate);
  t.is((await t.context.store.readStream(`user-${first.userId}`)).length, 1);
});

test('refuses a short password before anything is written', async (t) => {
  const username = name();
  await t.throwsAsync(
    t.context.users.createUser({ username, password: 'short', role: 'viewer' }, { metadata }),
    { message: /12 characters/ },
  );
  t.is((await t.context.store.readStream(`username-${username}`)).length, 0);
});

test('keeps the password hash, not the password, in the event', async (t) => {
  const { userId } = await t.context.users.createUser(
    { username: name(), password: 'long-enough-password', role: 'viewer' },
    { metadata },
  );
  const [created] = await t.context.store.readStream(`user-${userId}`);
  t.like(created?.data, { passwordHash: 'hash:long-enough-password' });
  t.false(JSON.stringify(created?.data).includes('"password"'));
});
