import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { ApiCall } from '../../support/api-call.ts';
import { eventually } from '../../support/eventually.ts';
import { checkedFetch } from '../../support/openapi-check.ts';
import { workbookOf } from '../../infrastructure/excel/workbook-fixtures.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';

// Control characters from outside, through HTTP on `tbot serve`: a NUL anywhere in a request is refused with
// a 422 naming where it was (never a 500 from PostgreSQL, never a parked projection), and the node's log holds
// nothing of what the request carried (#12 points 3 and 8).
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Problem {
  status: number;
  code: string;
  errors?: { path: string; message: string }[];
}

const NUL = '\u0000';
const MARK = 'zz-probe-7f3a';

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });

async function refused(t: T, response: Response, path: string): Promise<void> {
  t.is(response.status, 422, path);
  const problem = (await response.json()) as Problem;
  t.is(problem.code, 'HTTP.VALIDATION_FAILED', path);
  t.true(
    problem.errors?.some((error) => error.path === path && /control character/.test(error.message)),
    `${path}: ${JSON.stringify(problem.errors)}`,
  );
}

const failedRequests = (t: T) =>
  t.context.api.node.logs.filter((line) => line['msg'] === 'request failed' || line['level'] === 50);

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});

test.after.always((t) => t.context.api?.stop());

test('a NUL in the login, a search, an audit filter or a stream name answers 422, not 500', async (t) => {
  // No token needed for the login.
  const login = await t.context.api.call('/auth/login', {
    body: { username: `admin${NUL}${MARK}`, password: 'whatever-it-is' },
  });
  await refused(t, login, 'body.username');
  await refused(t, await call(t, `/employees/search?q=${encodeURIComponent(`Ив${NUL}${MARK}`)}`), 'query.q');
  await refused(t, await call(t, `/audit?actor=${encodeURIComponent(`a${NUL}${MARK}`)}`), 'query.actor');
  await refused(t, await call(t, `/audit?stream=${encodeURIComponent(`e${NUL}${MARK}`)}`), 'query.stream');
  await refused(
    t,
    await call(t, `/audit/streams/${encodeURIComponent(`employee-${NUL}${MARK}`)}`),
    'params.stream',
  );
  await refused(
    t,
    await call(t, `/audit/streams/${encodeURIComponent(`employee-${NUL}`)}/state`),
    'params.stream',
  );
  t.deepEqual(failedRequests(t), []);
  // The access lines name the path (a stream name is in it); no other line holds what the requests carried.
  const others = t.context.api.node.logs.filter((line) => line['msg'] !== 'http request');
  t.false(JSON.stringify(others).includes(MARK), 'the log holds what the requests carried');
});

test('an employee named with a NUL is refused and the directory stays ready; a note keeps its line breaks', async (t) => {
  const named = await call(t, '/employees', { body: { fullName: `Иванов${NUL}Иван` } });
  await refused(t, named, 'body.fullName');
  const escaped = await call(t, '/employees', { body: { fullName: 'Петров\u001b]0;x\u0007Пётр' } });
  await refused(t, escaped, 'body.fullName');
  const noted = await call(t, '/employees', {
    body: { fullName: 'Сидоров Семён', notes: 'line one\n\tline two' },
  });
  t.is(noted.status, 201);
  const card = (await noted.json()) as { employeeId: string; fullName: string; notes: string };
  t.is(card.notes, 'line one\n\tline two');
  const tabbedName = await call(t, `/employees/${card.employeeId}`, {
    method: 'PATCH',
    body: { fullName: 'Сидоров\tСемён' },
  });
  await refused(t, tabbedName, 'body.fullName');
  // Decomposed `ё` (е + U+0308) is stored composed: search and exports see one spelling.
  const decomposed = await call(t, `/employees/${card.employeeId}`, {
    method: 'PATCH',
    body: { fullName: 'Сидоров Семе\u0308н Петрович' },
  });
  t.is(decomposed.status, 200);
  t.is(((await decomposed.json()) as { fullName: string }).fullName, 'Сидоров Семён Петрович');
  const ready = await eventually(async () => {
    const response = await fetch(`${t.context.api.node.baseUrl}/ready`);
    return response.status === 200 ? response : null;
  });
  t.is(ready?.status, 200);
  const { rows } = await t.context.api.database.pool.query<{ n: string }>(
    "select count(*) n from es.events where stream_id like 'employee-%'",
  );
  t.is(rows[0]?.n, '2');
  t.deepEqual(failedRequests(t), []);
});

test('an import with a _x0000_ cell reports that row and imports the others; the directory stays ready', async (t) => {
  const file = workbookOf([
    ['ФИО', 'Отдел', 'Должность'],
    ['Кузьмин_x0000_Олег', 'Склад', 'Кладовщик'],
    ['Носов Пётр', 'Склад', 'Водитель'],
  ]);
  const response = await checkedFetch(t.context.api.node.baseUrl, '/employees/import?dryRun=false', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${t.context.admin}`,
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: file,
  });
  t.is(response.status, 200);
  const report = (await response.json()) as {
    counts: Record<string, number>;
    issues: { row: number; column: string; code: string }[];
  };
  t.deepEqual(report.issues, [
    {
      row: 2,
      column: 'fullName',
      code: 'ROW.CONTROL_CHARACTER',
      message:
        'fullName: contains a control character (U+0000), which is not allowed here: the row is not imported',
    },
  ]);
  t.is(report.counts['new'], 1);
  const ready = await eventually(async () => {
    const answer = await fetch(`${t.context.api.node.baseUrl}/ready`);
    return answer.status === 200 ? answer : null;
  });
  t.is(ready?.status, 200);
  t.deepEqual(failedRequests(t), []);
});
