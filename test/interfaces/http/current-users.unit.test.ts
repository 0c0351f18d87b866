import test from 'ava';
import type { UserView } from '../../../application/ports/index.ts';
import type { UserRole } from '../../../domain/users/index.ts';
import { cachedCurrentUsers } from '../../../interfaces/http/auth/index.ts';

// The per-process cache in front of the users read model that `authenticate` reads every request's user from.

const view = (userId: string, role: UserRole = 'operator', disabled = false): UserView => ({
  userId,
  username: `user-${userId}`,
  role,
  disabled,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A users read model that counts its reads and answers what `rows` holds at the time of each read. */
function fakeDirectory(rows = new Map<string, UserView>()) {
  const reads: string[] = [];
  let pending: (() => void) | undefined;
  let held = false;
  return {
    rows,
    reads,
    /** Holds the next reads until `release()`: a read in flight. */
    hold() {
      held = true;
    },
    release() {
      held = false;
      pending?.();
    },
    async findById(userId: string) {
      reads.push(userId);
      if (held) await new Promise<void>((resolve) => (pending = resolve));
      return rows.get(userId) ?? null;
    },
  };
}

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('answers from the cache within the TTL and reads the read model again after it', async (t) => {
  const directory = fakeDirectory(new Map([['a', view('a', 'admin')]]));
  const time = clock();
  const users = cachedCurrentUsers(directory, { ttlMs: 2_000, now: time.now });
  t.like(await users.find('a'), { role: 'admin' });
  directory.rows.set('a', view('a', 'viewer'));
  time.advance(1_999);
  t.like(await users.find('a'), { role: 'admin' });
  time.advance(1);
  t.like(await users.find('a'), { role: 'viewer' });
  t.deepEqual(directory.reads, ['a', 'a']);
});

test('concurrent requests of one user share one read', async (t) => {
  const directory = fakeDirectory(new Map([['a', view('a')]]));
  const users = cachedCurrentUsers(directory);
  const found = await Promise.all([users.find('a'), users.find('a'), users.find('a')]);
  t.true(found.every((user) => user?.userId === 'a'));
  t.is(directory.reads.length, 1);
});

test('remembers an unknown user as unknown', async (t) => {
  const directory = fakeDirectory();
  const users = cachedCurrentUsers(directory);
  t.is(await users.find('ghost'), null);
  t.is(await users.find('ghost'), null);
  t.is(directory.reads.length, 1);
});

test('forget makes the next request read the user again', async (t) => {
  const directory = fakeDirectory(new Map([['a', view('a')]]));
  const users = cachedCurrentUsers(directory);
  await users.find('a');
  directory.rows.set('a', view('a', 'operator', true));
  users.forget('a');
  t.like(await users.find('a'), { disabled: true });
  t.is(directory.reads.length, 2);
});

test('a read in flight when the user is forgotten is not remembered', async (t) => {
  const directory = fakeDirectory(new Map([['a', view('a', 'admin')]]));
  const users = cachedCurrentUsers(directory);
  directory.hold();
  const before = users.find('a');
  directory.rows.set('a', view('a', 'viewer'));
  users.forget('a');
  directory.release();
  await before;
  t.like(await users.find('a'), { role: 'viewer' });
});

test('keeps at most maxEntries users, forgetting the least recently used', async (t) => {
  const directory = fakeDirectory(new Map(['a', 'b', 'c'].map((id) => [id, view(id)])));
  const users = cachedCurrentUsers(directory, { maxEntries: 2 });
  await users.find('a');
  await users.find('b');
  await users.find('a');
  await users.find('c');
  t.deepEqual(directory.reads, ['a', 'b', 'c']);
  await users.find('a');
  await users.find('b');
  t.deepEqual(directory.reads, ['a', 'b', 'c', 'b']);
});

test('does not remember a failed read', async (t) => {
  let fail = true;
  const users = cachedCurrentUsers({
    findById: (userId) =>
      fail ? Promise.reject(new Error('read model unavailable')) : Promise.resolve(view(userId)),
  });
  await t.throwsAsync(users.find('a'), { message: 'read model unavailable' });
  fail = false;
  t.like(await users.find('a'), { userId: 'a' });
});
