import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { type ApiCall, apiCall } from '../../support/api-call.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, TEST_ADMIN_PASSWORD, loginAt, startServedApi } from '../../support/served-api.ts';
import type { ServingTbot } from '../../support/tbot-process.ts';

// Two `tbot serve` nodes on one database and one Redis: settings changed on one are seen on the other.
interface Context {
  api: ServedApi;
  nodeA: ServingTbot;
  nodeB: ServingTbot;
}
const base = anyTest as TestFn<Context>;
const test = base.serial;

base.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.nodeA = t.context.api.node;
  // Node B is pointed at an OTRS (never called here): its settings and /health say so, node A's do not.
  t.context.nodeB = await t.context.api.serveAnotherNode({
    OTRS_BASE_URL: 'http://127.0.0.1:9/otrs',
    OTRS_SERVICE_USER: 'tbot-feed',
    OTRS_SERVICE_PASSWORD: 'feed-password',
  });
});

base.after.always((t) => t.context.api?.stop());

test('/health says OTRS is on where OTRS_BASE_URL is set, and off elsewhere', async (t) => {
  const health = async (node: ServingTbot) =>
    ((await (await fetch(`${node.baseUrl}/health`)).json()) as { features?: Record<string, string> })
      .features;
  t.deepEqual(await health(t.context.nodeA), { otrs: 'off' });
  t.deepEqual(await health(t.context.nodeB), { otrs: 'on' });
  const logs = JSON.stringify(t.context.nodeB.logs);
  t.regex(logs, /OTRS_SERVICE_PASSWORD/, 'the start log names where the secret came from');
  t.false(logs.includes('feed-password'), 'never its value');
});

const call = (node: ServingTbot, path: string, options: ApiCall = {}) => apiCall(node.baseUrl, path, options);

/** Logs in at `node`; never retries (see `loginAt`). */
const login = async (node: ServingTbot, username: string, password: string): Promise<string> =>
  (await loginAt(node.baseUrl, username, password)).accessToken;

interface SettingView {
  key: string;
  value?: unknown;
  default?: unknown;
  secret: boolean;
  set?: boolean;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

const put = (node: ServingTbot, token: string, changes: Record<string, unknown>, headers = {}) =>
  call(node, '/settings', { method: 'PUT', token, body: { changes }, headers });

async function settingValue(node: ServingTbot, token: string, key: string): Promise<unknown> {
  const response = await call(node, '/settings', { token });
  const { settings } = (await response.json()) as { settings: SettingView[] };
  return settings.find((s) => s.key === key)?.value;
}

test('lists every setting with its value and default; a secret only says whether it is set', async (t) => {
  const token = await login(t.context.nodeA, 'admin', TEST_ADMIN_PASSWORD);
  const response = await call(t.context.nodeB, '/settings', { token });
  t.is(response.status, 200);
  const { settings } = (await response.json()) as { settings: SettingView[] };
  t.like(
    settings.find((s) => s.key === 'monitoring.checkIntervalSeconds'),
    { value: 60, default: 60, secret: false },
  );
  const secret = settings.find((s) => s.key === 'otrs.servicePassword');
  t.like(secret, { secret: true, set: true });
  t.false(secret !== undefined && 'value' in secret);
  const onA = (await (await call(t.context.nodeA, '/settings', { token })).json()) as {
    settings: SettingView[];
  };
  t.like(
    onA.settings.find((s) => s.key === 'otrs.servicePassword'),
    { secret: true, set: false },
  );
  t.is((await call(t.context.nodeA, '/settings')).status, 401);
});

test('a change on node A answers the new values and shows on node B within a second', async (t) => {
  const { nodeA, nodeB } = t.context;
  const token = await login(nodeA, 'admin', TEST_ADMIN_PASSWORD);
  const response = await put(nodeA, token, {
    'monitoring.checkIntervalSeconds': 30,
    'bot.welcomeText': 'Добрый день!',
  });
  t.is(response.status, 200);
  const body = (await response.json()) as { changes: unknown[]; settings: SettingView[] };
  t.deepEqual(body.changes, [
    { key: 'monitoring.checkIntervalSeconds', from: 60, to: 30 },
    { key: 'bot.welcomeText', from: 'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?', to: 'Добрый день!' },
  ]);
  t.like(
    body.settings.find((s) => s.key === 'monitoring.checkIntervalSeconds'),
    { value: 30 },
  );
  const started = Date.now();
  const seen = await eventually(
    async () => (await settingValue(nodeB, token, 'monitoring.checkIntervalSeconds')) === 30,
    3000,
    50,
  );
  t.true(seen);
  t.true(Date.now() - started < 1000, `node B saw it after ${Date.now() - started} ms`);
  t.is(await settingValue(nodeB, token, 'bot.welcomeText'), 'Добрый день!');

  const [event] = (
    await t.context.api.database.pool.query<{ data: unknown; metadata: { actor: unknown } }>(
      `select data, metadata from es.events where stream_id = 'settings' and type = 'SettingsChanged'
       order by position desc limit 1`,
    )
  ).rows;
  // The event keeps the domain's `old`/`new`; the answer speaks the API's `from`/`to` of every change.
  t.deepEqual(event?.data, {
    changes: [
      { key: 'monitoring.checkIntervalSeconds', old: 60, new: 30 },
      { key: 'bot.welcomeText', old: 'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?', new: 'Добрый день!' },
    ],
  });
  // As stored, the actor's name is under their own key (crypto-shredding reaches actors too).
  const actor = event?.metadata.actor as { kind: string; name: string } | undefined;
  t.is(actor?.kind, 'admin');
  t.regex(actor?.name ?? '', /^pd1:/);
});

test('a change that changes nothing appends nothing; an Idempotency-Key appends once', async (t) => {
  const { nodeA, nodeB } = t.context;
  const { database } = t.context.api;
  const token = await login(nodeA, 'admin', TEST_ADMIN_PASSWORD);
  const count = async () =>
    Number(
      (
        await database.pool.query<{ n: string }>(
          `select count(*) as n from es.events where stream_id = 'settings'`,
        )
      ).rows[0]?.n,
    );
  const before = await count();
  const key = { 'Idempotency-Key': `days-${randomUUID()}` };
  t.is((await put(nodeA, token, { 'telegram.messageRetentionDays': 30 }, key)).status, 200);
  const retried = await put(nodeB, token, { 'telegram.messageRetentionDays': 30 }, key);
  t.is(retried.status, 200);
  t.like(await retried.json(), { duplicate: true });
  t.is(await count(), before + 1);
  const same = await put(nodeB, token, { 'telegram.messageRetentionDays': 30 });
  t.like(await same.json(), { changes: [] });
  t.is(await count(), before + 1);
});

test('refuses a viewer with 403, an invalid value, an unknown key and a secret with 422', async (t) => {
  const { nodeA, nodeB } = t.context;
  const token = await login(nodeA, 'admin', TEST_ADMIN_PASSWORD);
  const created = await call(nodeA, '/users', {
    token,
    body: { username: 'watcher', password: 'watcher-passphrase-1', role: 'viewer' },
  });
  t.is(created.status, 201);
  const viewer = await login(nodeB, 'watcher', 'watcher-passphrase-1');
  t.is((await call(nodeB, '/settings', { token: viewer })).status, 200);
  const forbidden = await put(nodeB, viewer, { 'monitoring.checkIntervalSeconds': 20 });
  t.is(forbidden.status, 403);

  const invalid = await put(nodeA, token, { 'monitoring.checkIntervalSeconds': 5 });
  t.is(invalid.status, 422);
  t.is(invalid.headers.get('content-type'), 'application/problem+json');
  t.like(await invalid.json(), {
    code: 'SETTINGS.INVALID',
    errors: [{ path: 'body.changes.monitoring.checkIntervalSeconds', message: 'at least 10' }],
  });

  const unknown = (await (await put(nodeA, token, { 'bot.colour': 'red' })).json()) as Problem;
  t.like(unknown, { code: 'SETTINGS.INVALID', errors: [{ path: 'body.changes.bot.colour' }] });

  const secret = await put(nodeA, token, { 'otrs.servicePassword': 'token-value' });
  t.is(secret.status, 422);
  const problem = (await secret.json()) as Problem;
  t.regex(problem.errors?.[0]?.message ?? '', /environment or the secret store/);
  t.false(JSON.stringify(problem).includes('token-value'));

  const malformed = await put(nodeA, token, { 'bot.language': { nested: true } });
  t.is(malformed.status, 422);
  t.is(await settingValue(nodeA, token, 'monitoring.checkIntervalSeconds'), 30);
});
