import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { serverGroupStreamId, serverStreamId } from '../../../../domain/monitoring/index.ts';
import type { ApiCall } from '../../../support/api-call.ts';
import { type ServedApi, adminToken, startServedApi } from '../../../support/served-api.ts';

// A PATCH of several fields of a server through HTTP on `tbot serve` is one decision (G12): a refused part
// (a cyclic parent) leaves the name as it was and answers 422 with nothing written; a good patch changes every
// field at once; a retry with its Idempotency-Key answers the same and writes nothing.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Server {
  serverId: string;
  name: string;
  parentId: string | null;
  groupId: string | null;
}

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });
const json = async <B>(response: Response): Promise<B> => (await response.json()) as B;

const serverEvents = async (t: T, serverId: string) =>
  (
    await t.context.api.database.pool.query<{ type: string }>(
      'select type from es.events where stream_id = $1 order by revision',
      [serverStreamId(serverId)],
    )
  ).rows.map((row) => row.type);

const register = async (t: T, name: string, parentId: string | null = null): Promise<Server> => {
  const response = await call(t, '/monitoring/servers', {
    body: {
      name,
      host: `${name}.corp.example`,
      parentId,
      checks: [{ definition: { kind: 'tcp', port: 22 }, timing: { intervalSeconds: 60 } }],
    },
  });
  if (response.status !== 201) throw new Error(`${name} not registered: ${response.status}`);
  return json<Server>(response);
};

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});

test.after.always((t) => t.context.api?.stop());

test('a patch of a name and a cyclic parent answers 422 and leaves the name unchanged, its claim free', async (t) => {
  const router = await register(t, 'router-a');
  const sw = await register(t, 'switch-a', router.serverId);
  const before = await serverEvents(t, router.serverId);
  const patched = await call(t, `/monitoring/servers/${router.serverId}`, {
    method: 'PATCH',
    body: { name: 'router-renamed', parentId: sw.serverId },
  });
  t.is(patched.status, 422);
  t.is((await json<{ code: string }>(patched)).code, 'SERVER.PARENT_CYCLE');
  t.deepEqual(await serverEvents(t, router.serverId), before, 'nothing written to the server');
  const read = await json<Server>(await call(t, `/monitoring/servers/${router.serverId}`));
  t.like(read, { name: 'router-a', parentId: null });
  // The refused rename claimed nothing: another server may take the name.
  const other = await register(t, 'router-renamed');
  t.is(other.name, 'router-renamed');
});

test('a patch of a name and a valid parent changes both in one append; its retry answers the same', async (t) => {
  const core = await register(t, 'core-b');
  const edge = await register(t, 'edge-b');
  const before = await serverEvents(t, edge.serverId);
  const patch = {
    method: 'PATCH',
    body: { name: 'edge-b2', parentId: core.serverId },
    headers: { 'Idempotency-Key': 'patch-edge-b' },
  };
  const patched = await call(t, `/monitoring/servers/${edge.serverId}`, patch);
  t.is(patched.status, 200);
  const answered = await json<Server>(patched);
  t.like(answered, { name: 'edge-b2', parentId: core.serverId });
  const written = await serverEvents(t, edge.serverId);
  t.deepEqual(written, [...before, 'ServerRenamed', 'ServerParentChanged']);

  const again = await call(t, `/monitoring/servers/${edge.serverId}`, patch);
  t.is(again.status, 200);
  t.deepEqual(await json<Server>(again), answered);
  t.deepEqual(await serverEvents(t, edge.serverId), written, 'the retry wrote nothing');
  // The old name was released with the rename: a new server may take it.
  t.is((await register(t, 'edge-b')).name, 'edge-b');
});

test('a retry of a committed patch answers it even when its parent would now be refused', async (t) => {
  const upper = await register(t, 'upper-c');
  const lower = await register(t, 'lower-c');
  const patch = {
    method: 'PATCH',
    body: { name: 'lower-c2', parentId: upper.serverId },
    headers: { 'Idempotency-Key': 'patch-lower-c' },
  };
  t.is((await call(t, `/monitoring/servers/${lower.serverId}`, patch)).status, 200);
  // Since then: lower is renamed back and the parent is removed, so the same patch afresh would be refused.
  const back = await call(t, `/monitoring/servers/${lower.serverId}`, {
    method: 'PATCH',
    body: { name: 'lower-c', parentId: null },
  });
  t.is(back.status, 200);
  t.is((await call(t, `/monitoring/servers/${upper.serverId}`, { method: 'DELETE' })).status, 200);
  const written = await serverEvents(t, lower.serverId);
  const again = await call(t, `/monitoring/servers/${lower.serverId}`, patch);
  t.is(again.status, 200);
  t.like(await json<Server>(again), { name: 'lower-c', parentId: null });
  t.deepEqual(await serverEvents(t, lower.serverId), written, 'the retry wrote nothing');
});

test('a patch of a group that names several fields writes them in one append; its retry writes nothing', async (t) => {
  const created = await call(t, '/monitoring/groups', {
    body: { name: 'Сеть', alertRoute: { chatId: -1001234567890, messageThreadId: 7 } },
  });
  t.is(created.status, 201);
  const group = await json<{ groupId: string }>(created);
  const stream = serverGroupStreamId(group.groupId);
  const events = async () =>
    (
      await t.context.api.database.pool.query<{ type: string }>(
        'select type from es.events where stream_id = $1 order by revision',
        [stream],
      )
    ).rows.map((row) => row.type);
  t.deepEqual(await events(), ['ServerGroupCreated', 'ServerGroupAlertsRouted']);
  const patch = {
    method: 'PATCH',
    body: { name: 'Сеть офиса', alertRoute: null, statusRule: { kind: 'all' } },
    headers: { 'Idempotency-Key': 'patch-group-d' },
  };
  const patched = await call(t, `/monitoring/groups/${group.groupId}`, patch);
  t.is(patched.status, 200);
  t.like(await json<object>(patched), { name: 'Сеть офиса', alertRoute: null, statusRule: { kind: 'all' } });
  const written = await events();
  t.deepEqual(written.slice(2), [
    'ServerGroupRenamed',
    'ServerGroupAlertsRouted',
    'ServerGroupStatusRuleSet',
  ]);
  const again = await call(t, `/monitoring/groups/${group.groupId}`, patch);
  t.is(again.status, 200);
  await again.arrayBuffer();
  t.deepEqual(await events(), written, 'the retry wrote nothing');
});
