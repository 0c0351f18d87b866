import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { ApiCall } from '../../support/api-call.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';

// Idempotency-Key over HTTP on `tbot serve`: bound to its first request (route, target, body), 422 when reused
// for another, the first answer for the same, and a new command once it has expired.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;
interface Employee {
  employeeId: string;
  fullName: string | null;
}

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });
const count = async (t: T, sql: string, values: unknown[] = []) =>
  Number((await t.context.api.database.pool.query<{ n: string }>(sql, values)).rows[0]?.n ?? -1);
const events = (t: T, id: string) =>
  count(t, 'select count(*) n from es.events where stream_id = $1', [`employee-${id}`]);
const register = async (t: T, fullName: string, key?: string) =>
  call(t, '/employees', { body: { fullName }, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});
test.after.always((t) => t.context.api?.stop());

test('the same key and request answers the first result with one effect', async (t) => {
  const first = await register(t, 'Павлов Пётр', 'same-1');
  t.is(first.status, 201);
  const again = await register(t, 'Павлов Пётр', 'same-1');
  t.is(again.status, 201);
  const [a, b] = [(await first.json()) as Employee, (await again.json()) as Employee];
  t.is(b.employeeId, a.employeeId);
  t.is(await events(t, a.employeeId), 1);
});

test('the same key for another body is refused with 422 and nothing happens', async (t) => {
  t.is((await register(t, 'Орлов Олег', 'body-1')).status, 201);
  const before = await count(t, 'select count(*) n from es.events');
  const reused = await register(t, 'Другой Человек', 'body-1');
  t.is(reused.status, 422);
  t.is(((await reused.json()) as { code: string }).code, 'HTTP.IDEMPOTENCY_KEY_REUSED');
  t.is(await count(t, 'select count(*) n from es.events'), before);
});

test('the same key for another target is refused with 422 and that target is unchanged', async (t) => {
  const one = (await (await register(t, 'Сидоров Семён')).json()) as Employee;
  const two = (await (await register(t, 'Кузнецов Кирилл')).json()) as Employee;
  const edit = (id: string) =>
    call(t, `/employees/${id}`, {
      method: 'PATCH',
      body: { room: '101' },
      headers: { 'Idempotency-Key': 'tgt-1' },
    });
  t.is((await edit(one.employeeId)).status, 200);
  const reused = await edit(two.employeeId);
  t.is(reused.status, 422);
  t.is(await events(t, two.employeeId), 1);
});

test('a forget retried answers as the first time; its key reused for another person is 422', async (t) => {
  const one = (await (await register(t, 'Забытов Захар')).json()) as Employee;
  const two = (await (await register(t, 'Помнящий Павел')).json()) as Employee;
  const forget = (id: string) =>
    call(t, `/employees/${id}/forget`, {
      body: { reason: 'request #1' },
      headers: { 'Idempotency-Key': 'fgt-1' },
    });
  const first = await forget(one.employeeId);
  t.is(first.status, 200);
  const keys = await count(t, 'select count(*) n from core.personal_data_keys');
  const retry = await forget(one.employeeId);
  t.is(retry.status, 200);
  t.true(((await retry.json()) as { forgotten: boolean }).forgotten);
  const reused = await forget(two.employeeId);
  t.is(reused.status, 422);
  t.is(await count(t, 'select count(*) n from core.personal_data_keys'), keys);
  t.is(await events(t, two.employeeId), 1);
  const card = (await (await call(t, `/employees/${two.employeeId}`)).json()) as Employee;
  t.is(card.fullName, 'Помнящий Павел');
});

test('a key used again after it expired is a new command that works', async (t) => {
  const first = (await (await register(t, 'Старый Степан', 'old-1')).json()) as Employee;
  const { pool } = t.context.api.database;
  await pool.query("update core.http_idempotency_keys set created_at = now() - interval '31 days'");
  await pool.query("update es.idempotency_keys set created_at = now() - interval '31 days'");
  // What the expiry job does (the same statements, the node's default of 30 days).
  await pool.query("delete from core.http_idempotency_keys where created_at < now() - interval '30 days'");
  await pool.query("delete from es.idempotency_keys where created_at < now() - interval '30 days'");
  const reused = await register(t, 'Новый Никита', 'old-1');
  t.is(reused.status, 201);
  const second = (await reused.json()) as Employee;
  t.not(second.employeeId, first.employeeId);
  t.is(second.fullName, 'Новый Никита');
  const retry = (await (await register(t, 'Новый Никита', 'old-1')).json()) as Employee;
  t.is(retry.employeeId, second.employeeId);
});
