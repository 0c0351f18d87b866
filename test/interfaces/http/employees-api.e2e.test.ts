import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { ApiCall } from '../../support/api-call.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';
import { checkedFetch } from '../../support/openapi-check.ts';

// The employees feature through HTTP on `tbot serve` (PostgreSQL, Redis): the company's sample workbook
// imported, searched every way the helpdesk searches, edited with its audit trail, exported, and a person
// forgotten without a trace.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Card {
  employeeId: string;
  fullName: string | null;
  departmentName: string | null;
  email: string | null;
  room: string | null;
  mobilePhone: string | null;
  forgotten: boolean;
}
interface Hits {
  items: { employee: Card; matchedBy: string }[];
}

const SAMPLE = fileURLToPath(new URL('../../../../shared/fixtures/employees-sample.xlsx', import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });

async function upload(t: T, file: Uint8Array, dryRun: boolean, type = XLSX): Promise<Response> {
  return checkedFetch(t.context.api.node.baseUrl, `/employees/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.context.admin}`, 'Content-Type': type },
    body: file,
  });
}

async function search(t: T, q: string): Promise<Card[]> {
  const response = await call(t, `/employees/search?q=${encodeURIComponent(q)}&limit=5`);
  t.is(response.status, 200, q);
  return ((await response.json()) as Hits).items.map((hit) => hit.employee);
}

const count = async (t: T, sql: string, values: unknown[] = []) =>
  Number((await t.context.api.database.pool.query<{ n: string }>(sql, values)).rows[0]?.n ?? -1);

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});

test.after.always((t) => t.context.api?.stop());

test('a dry run of the sample reports it and writes nothing', async (t) => {
  const response = await upload(t, await readFile(SAMPLE), true);
  t.is(response.status, 200);
  const report = (await response.json()) as { counts: Record<string, number>; dryRun: boolean };
  t.true(report.dryRun);
  t.is(report.counts['new'], 300);
  t.is(await count(t, "select count(*) n from es.events where stream_id like 'employee-%'"), 0);
});

test('refuses a file that is not a workbook, and one too large, writing nothing', async (t) => {
  const csv = await upload(t, new TextEncoder().encode('ФИО;Отдел\nИванов;ИТ\n'), false);
  t.is(csv.status, 422);
  t.is(((await csv.json()) as { code: string }).code, 'IMPORT.NOT_A_WORKBOOK');
  const huge = await upload(t, new Uint8Array(11 * 1024 * 1024), false);
  t.is(huge.status, 413);
  await huge.arrayBuffer();
  const json = await call(t, '/employees/import?dryRun=false', { body: { rows: [] } });
  t.is(json.status, 415);
  t.is(await count(t, "select count(*) n from es.events where stream_id like 'employee-%'"), 0);
});

test('imports the sample, then finds people every way the helpdesk searches', async (t) => {
  const response = await upload(t, await readFile(SAMPLE), false);
  t.is(response.status, 200);
  const report = (await response.json()) as { counts: Record<string, number> };
  t.is(report.counts['new'], 300);
  const first = async (q: string) => (await search(t, q))[0];
  const volkov = 'Волков Артём Андреевич';
  const cases: [string, string][] = [
    ['волков артём', volkov], // case
    ['Волков Артем', volkov], // ё typed as е
    ['Семенов Александр', 'Семёнов Александр Александрович'], // е finds ё
    ['Семён Александр', 'Семёнов Александр Александрович'], // partial
    ['Валков Артём', volkov], // typo
    ['volkov artem', volkov], // Latin transliteration
    ['djkrjd fhn`v', volkov], // typed in the Latin layout
    ['8 971 648-82-98', volkov], // a phone in another format
    ['+79716488298', volkov],
    ['648-82-98', volkov], // its last digits
    ['1244', volkov], // the extension
    ['ws-of-0002', volkov], // the workstation
    ['10.10.184.4', volkov], // its IP
  ];
  for (const [q, expected] of cases) {
    const card = await eventually(async () => {
      const found = await first(q);
      return found?.fullName === expected ? found : null;
    }, 20_000);
    t.is(card?.fullName, expected, `"${q}" finds ${expected} first`);
  }
  const byDepartment = await search(t, 'Отдел кадров');
  t.true(byDepartment.length > 0);
  t.true(byDepartment.every((c) => c.departmentName === 'Отдел кадров'));
});

test('an edit through HTTP shows in the audit trail with who, what and when', async (t) => {
  const [volkov] = await search(t, 'Волков Артём Андреевич');
  if (!volkov) throw new Error('Волков is not there');
  const response = await call(t, `/employees/${volkov.employeeId}`, {
    method: 'PATCH',
    body: { room: '512б', mobilePhone: '+7 (900) 000-11-22' },
    headers: { 'Idempotency-Key': 'edit-volkov-1' },
  });
  t.is(response.status, 200);
  const card = (await response.json()) as Card;
  t.is(card.room, '512б');
  const stream = `employee-${volkov.employeeId}`;
  const audit = await eventually(async () => {
    const page = (await (await call(t, `/audit?stream=${stream}`)).json()) as {
      items: { type: string; actor: { kind: string; name: string } }[];
    };
    return page.items.length >= 2 ? page : null;
  });
  t.is(audit?.items[0]?.type, 'EmployeeDetailsChanged');
  t.is(audit?.items[0]?.actor.name, 'admin');
  const history = (await (await call(t, `/audit/streams/${stream}`)).json()) as {
    items: {
      type: string;
      data: { changes?: { field: string; from: string | null; to: string | null }[] };
    }[];
  };
  const changed = history.items.find((e) => e.type === 'EmployeeDetailsChanged');
  t.deepEqual(
    changed?.data.changes?.map((c) => c.field),
    ['mobilePhone', 'room'],
  );
  t.is(changed?.data.changes?.find((c) => c.field === 'mobilePhone')?.from, '+7 (971) 648-82-98');
  const again = await call(t, `/employees/${volkov.employeeId}`, {
    method: 'PATCH',
    body: { room: '512б', mobilePhone: '+7 (900) 000-11-22' },
    headers: { 'Idempotency-Key': 'edit-volkov-1' },
  });
  t.is(again.status, 200);
  t.is(await count(t, 'select count(*) n from es.events where stream_id = $1', [stream]), 2);
});

test('exports the directory as a workbook that re-imports with nothing to change', async (t) => {
  const response = await call(t, '/employees/export');
  t.is(response.status, 200);
  t.is(response.headers.get('content-type'), XLSX);
  const file = new Uint8Array(await response.arrayBuffer());
  const report = (await (await upload(t, file, true)).json()) as { counts: Record<string, number> };
  t.is(report.counts['new'], 0);
  t.is(report.counts['changed'], 0);
  t.is(report.counts['unchanged'], 300);
});

test('forgets a person: no trace of their data in the read models, the audit log or the events', async (t) => {
  const [fedorov] = await search(t, 'Фёдоров Сергей Сергеевич');
  if (!fedorov?.email || !fedorov.fullName) throw new Error('Фёдоров is not there');
  const { email, fullName, employeeId } = fedorov;
  const refused = await call(t, `/employees/${employeeId}/forget`, { body: {} });
  t.is(refused.status, 422);
  const response = await call(t, `/employees/${employeeId}/forget`, {
    body: { reason: 'request 152-FZ #17' },
  });
  t.is(response.status, 200);
  const card = (await response.json()) as Card;
  t.true(card.forgotten);
  t.is(card.fullName, null);
  t.false((await search(t, fullName)).some((c) => c.employeeId === employeeId));
  // Every row of every table TBot writes, as text: the name, the e-mail and the phone are nowhere.
  const { rows: tables } = await t.context.api.database.pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema in ('es', 'core', 'employees', 'projections', 'telegram', 'cluster')
       and table_type = 'BASE TABLE'`,
  );
  t.true(tables.length > 5);
  for (const { name } of tables) {
    const traces = await count(t, `select count(*) n from ${name} t where t::text ilike any($1)`, [
      [`%${fullName}%`, `%${email}%`, '%923) 163-03-25%'],
    ]);
    t.is(traces, 0, `${name} still holds their data`);
  }
  const history = (await (await call(t, `/audit/streams/employee-${employeeId}`)).json()) as {
    items: { type: string; data: { details?: { fullName: string | null } } }[];
  };
  t.is(history.items[0]?.data.details?.fullName, null);
  t.is(history.items.at(-1)?.type, 'EmployeeForgotten');
});
