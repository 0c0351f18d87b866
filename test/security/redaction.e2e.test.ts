import anyTest, { type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../domain/users/index.ts';
import { createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import type { ServedApi } from '../support/served-api.ts';
import { runTbot } from '../support/tbot-process.ts';
import { type SignedInUser, createSignedInUser, startSecurityApi } from './support/security-api.ts';

// No role ever reads a password hash through the audit routes or `tbot events`: users are created and their
// passwords reset through the API (their events carry argon2id hashes), then a viewer, an operator and an
// admin read every stream of the log, its history and its state, over HTTP, and the CLI prints the log.

interface Context {
  api: ServedApi;
  readers: Record<UserRole, string>;
  streams: string[];
}
const test = anyTest as TestFn<Context>;

const HASH_MARK = '$argon2';
const INBOX_STREAM = 'telegram-inbox-1';
const INBOX_ERROR = 'GrammyError 400: chat 4242 not found';

test.before(async (t) => {
  const api = await startSecurityApi();
  t.context.api = api;
  const admin = await api.adminToken();
  const viewer: SignedInUser = await createSignedInUser(api, admin, 'viewer');
  const operator = await createSignedInUser(api, admin, 'operator');
  const reset = await api.call(`/users/${operator.userId}/password`, {
    token: admin,
    body: { password: `reset-${operator.password}` },
  });
  if (reset.status !== 200) throw new Error(`cannot reset the password: ${reset.status}`);
  // The reset revoked the operator's refresh tokens; its access token still works, so sign in again anyway.
  const { accessToken } = await api.login(operator.username, `reset-${operator.password}`);
  t.context.readers = { admin, operator: accessToken, viewer: viewer.token };
  // An error text, shown to admins only (it may quote what failed), appended as the inbox would.
  const store = createPostgresEventStore({ pool: api.database.pool, url: api.database.url });
  await store.append(INBOX_STREAM, [
    {
      type: 'TelegramUpdateFailed',
      data: { botId: 1, updateId: 77, attempts: 5, error: INBOX_ERROR },
      metadata: {
        actor: { kind: 'system', id: 'telegram-inbox', name: 'Telegram inbox' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        source: 'system',
        occurredAt: new Date().toISOString(),
      },
    },
  ]);
  // The log holds the hashes: the test is about what the routes show, not what is stored.
  const stored = await api.database.pool.query<{ n: string }>(
    `select count(*) n from es.events where data::text like '%${HASH_MARK}%'`,
  );
  if (Number(stored.rows[0]?.n) < 4) throw new Error('the log holds no password hashes to hide');
  const { rows } = await api.database.pool.query<{ stream_id: string }>(
    'select distinct stream_id from es.events order by stream_id',
  );
  t.context.streams = rows.map((row) => row.stream_id);
});

test.after.always((t) => t.context.api?.stop());

for (const role of ['viewer', 'operator', 'admin'] as const) {
  test(`the ${role} reads every stream and its state and sees no password hash`, async (t) => {
    const token = t.context.readers[role];
    const userStreams = t.context.streams.filter((stream) => stream.startsWith('user-'));
    t.true(userStreams.length >= 3, userStreams.join(', '));
    for (const stream of t.context.streams) {
      const path = `/audit/streams/${encodeURIComponent(stream)}`;
      for (const route of [`${path}?limit=200`, `${path}/state`]) {
        const response = await t.context.api.call(route, { token });
        const text = await response.text();
        t.is(response.status, 200, `${route}: ${text}`);
        t.false(text.includes(HASH_MARK), `${route} shows a hash to the ${role}`);
      }
    }
    const created = await t.context.api.call(`/audit/streams/${userStreams[0] ?? ''}`, { token });
    const { items } = (await created.json()) as { items: { type: string; data: Record<string, unknown> }[] };
    const creation = items.find((item) => item.type === 'UserCreated');
    t.is(creation?.data['passwordHash'], '[redacted]', 'the field stays, its value hidden');
  });
}

test('shows an error text of event data to an admin, and to a viewer or operator only as redacted', async (t) => {
  const errorOf = async (role: UserRole) => {
    const response = await t.context.api.call(`/audit/streams/${INBOX_STREAM}`, {
      token: t.context.readers[role],
    });
    t.is(response.status, 200);
    const { items } = (await response.json()) as { items: { data: Record<string, unknown> }[] };
    return items[0]?.data['error'];
  };
  t.is(await errorOf('admin'), INBOX_ERROR);
  t.is(await errorOf('operator'), '[redacted]');
  t.is(await errorOf('viewer'), '[redacted]');
  const state = await t.context.api.call(`/audit/streams/${INBOX_STREAM}/state`, {
    token: t.context.readers.viewer,
  });
  t.false((await state.text()).includes('4242'));
});

test('the audit list shows no hash to a viewer either', async (t) => {
  const response = await t.context.api.call('/audit?limit=200', { token: t.context.readers.viewer });
  t.is(response.status, 200);
  t.false((await response.text()).includes(HASH_MARK));
});

test('tbot events list, show and state print no password hash', async (t) => {
  const env = { DATABASE_URL: t.context.api.database.url, LOG_LEVEL: 'warn' };
  const list = await runTbot(['events', 'list', '--format', 'json', '--limit', '0'], env);
  t.is(list.code, 0, list.stderr);
  const events = JSON.parse(list.stdout) as { position: string; type: string; streamId: string }[];
  t.true(events.some((event) => event.type === 'UserPasswordReset'));
  t.false(list.stdout.includes(HASH_MARK));
  const reset = events.find((event) => event.type === 'UserPasswordReset');
  const [show, userState] = await Promise.all([
    runTbot(['events', 'show', reset?.position ?? '0'], env),
    runTbot(['events', 'state', reset?.streamId ?? '', '--format', 'json'], env),
  ]);
  t.is(show.code, 0, show.stderr);
  t.regex(show.stdout, /"passwordHash": "\[redacted\]"/);
  t.is(userState.code, 0, userState.stderr);
  t.false(userState.stdout.includes(HASH_MARK));
  t.false([list, show, userState].some((run) => run.stderr.includes(HASH_MARK)));
});
