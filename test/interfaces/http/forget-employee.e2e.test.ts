import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { ApiCall } from '../../support/api-call.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';

// `POST /employees/:id/forget` on `tbot serve`: the reason given for the forget is not readable anywhere
// afterwards, neither in es.events (it is encrypted with the key that goes) nor in any table.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });

const textOf = async (t: T, table: string, where = 'true', values: unknown[] = []) =>
  (
    await t.context.api.database.pool.query<{ text: string | null }>(
      `select string_agg(t::text, ' ') as text from ${table} t where ${where}`,
      values,
    )
  ).rows[0]?.text ?? '';

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});
test.after.always((t) => t.context.api?.stop());

test('the reason of a forget is readable nowhere in es.events nor any table afterwards', async (t) => {
  const created = await call(t, '/employees', { body: { fullName: 'Забываемова Зоя' } });
  t.is(created.status, 201);
  const { employeeId } = (await created.json()) as { employeeId: string };
  const reason = 'обращение Забываемовой Зои № 4711';
  const forget = () =>
    call(t, `/employees/${employeeId}/forget`, {
      body: { reason },
      headers: { 'Idempotency-Key': 'forget-zoya' },
    });
  const response = await forget();
  t.is(response.status, 200);
  t.true(((await response.json()) as { forgotten: boolean }).forgotten);
  t.is((await forget()).status, 200, 'a retry answers as the first time');

  const stream = await textOf(t, 'es.events', 'stream_id = $1', [`employee-${employeeId}`]);
  t.true(stream.includes('EmployeeForgotten'));
  t.false(stream.includes('4711'), 'the reason is not in the events as stored');
  t.false(stream.includes('Забываемов'));
  const { rows: tables } = await t.context.api.database.pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
  );
  for (const { name } of tables) {
    const text = await textOf(t, name);
    t.false(
      text.includes('4711') || text.includes('Забываемов'),
      `${name} still holds the reason or the name`,
    );
  }
  const history = (await (await call(t, `/audit/streams/employee-${employeeId}`)).json()) as {
    items: { type: string; metadata: { reason?: string } }[];
  };
  const forgotten = history.items.find((item) => item.type === 'EmployeeForgotten');
  t.truthy(forgotten);
  t.is(forgotten?.metadata.reason, undefined, 'the audit API cannot read it either');
});
