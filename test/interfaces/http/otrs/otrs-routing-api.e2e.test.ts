import { randomUUID } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { ApiCall } from '../../../support/api-call.ts';
import { type ServedApi, startServedApi } from '../../../support/served-api.ts';
import { createSignedInUser } from '../../../security/support/security-api.ts';

// The OTRS ticket routing rules through HTTP on `tbot serve`: admins read and replace them (an Idempotency-Key
// retried writes once), others are refused, and a bad rule is refused naming its field with nothing written.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}
interface Rules {
  rules: {
    queues: string[];
    minPriority: number | null;
    maxPriority: number | null;
    chat: { chatId: number; messageThreadId: number | null } | null;
    owner: boolean;
    responsible: boolean;
  }[];
}

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await t.context.api.adminToken();
});
test.after.always((t) => t.context.api?.stop());

const call = (t: T, options: ApiCall = {}) =>
  t.context.api.call('/otrs/routing', { token: t.context.admin, ...options });
const put = (t: T, body: unknown, key = randomUUID(), token = t.context.admin) =>
  t.context.api.call('/otrs/routing', { method: 'PUT', token, body, headers: { 'Idempotency-Key': key } });

const events = async (t: T) => {
  const { rows } = await t.context.api.database.pool.query<{ count: number }>(
    `select count(*)::int as count from es.events where stream_id = 'otrs-routing'`,
  );
  return rows[0]?.count ?? 0;
};

test('no rules at first; an admin replaces them, retried with one key writes once, the same rules record nothing', async (t) => {
  const empty = await call(t);
  t.is(empty.status, 200);
  t.deepEqual(await empty.json(), { rules: [] });

  const body = {
    rules: [
      { queues: [' IT::* ', 'IT::*'], chat: { chatId: -1001234567890, messageThreadId: 42 }, owner: true },
      { minPriority: 4, chat: { chatId: -1009876543210 } },
    ],
  };
  const key = randomUUID();
  const saved = await put(t, body, key);
  t.is(saved.status, 200);
  const expected: Rules = {
    rules: [
      {
        queues: ['IT::*'],
        minPriority: null,
        maxPriority: null,
        chat: { chatId: -1001234567890, messageThreadId: 42 },
        owner: true,
        responsible: false,
      },
      {
        queues: [],
        minPriority: 4,
        maxPriority: null,
        chat: { chatId: -1009876543210, messageThreadId: null },
        owner: false,
        responsible: false,
      },
    ],
  };
  t.deepEqual(await saved.json(), expected, 'normalised: trimmed, without repeats, defaults filled');
  t.is(await events(t), 1);

  const retried = await put(t, body, key);
  t.is(retried.status, 200);
  t.deepEqual(await retried.json(), expected);
  const again = await put(t, body);
  t.is(again.status, 200);
  t.is(await events(t), 1, 'neither the retry nor the same rules again wrote an event');
  t.deepEqual(await (await call(t)).json(), expected);
});

test('bad rules are refused naming the field, nothing written', async (t) => {
  const before = await events(t);
  const refused = async (body: unknown, path: string) => {
    const response = await put(t, body);
    t.is(response.status, 422, path);
    const problem = (await response.json()) as Problem;
    t.true(
      problem.errors?.some((e) => e.path === path),
      `${path}: ${JSON.stringify(problem)}`,
    );
  };
  await refused({ rules: [{ chat: { chatId: 0 } }] }, 'body.rules.0.chat.chatId');
  await refused(
    { rules: [{ chat: { chatId: -1, messageThreadId: 0 } }] },
    'body.rules.0.chat.messageThreadId',
  );
  await refused({ rules: [{ queues: ['IT\u0000'], chat: { chatId: -1 } }] }, 'body.rules.0.queues.0');
  await refused({ rules: [{ chat: { chatId: -1 }, colour: 'red' }] }, 'body.rules.0');
  // The domain's own refusals name the field too: no chat and no agent, priorities the wrong way round.
  await refused({ rules: [{ queues: ['IT'] }] }, 'body.rules.0.chat');
  await refused(
    { rules: [{ minPriority: 4, maxPriority: 2, chat: { chatId: -1 } }] },
    'body.rules.0.maxPriority',
  );
  await refused({ rules: Array.from({ length: 101 }, () => ({ chat: { chatId: -1 } })) }, 'body.rules');
  t.is(await events(t), before);
});

test('only admins read or change the rules', async (t) => {
  const operator = await createSignedInUser(t.context.api, t.context.admin, 'operator', 'otrs-operator');
  t.is((await call(t, { token: operator.token })).status, 403);
  t.is((await put(t, { rules: [] }, randomUUID(), operator.token)).status, 403);
  t.is((await t.context.api.call('/otrs/routing')).status, 401);
});
