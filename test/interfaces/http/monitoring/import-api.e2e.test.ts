import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import * as XLSX from 'xlsx';
import { checkedFetch } from '../../../support/openapi-check.ts';
import { type ServedApi, adminToken, startServedApi } from '../../../support/served-api.ts';

// `POST /api/v1/monitoring/import` on `tbot serve` (PostgreSQL, Redis): a CSV and an .xlsx built here, each
// dry-run first (nothing written), then committed (groups and servers made, parents in order), then
// committed again (nothing changes); a file that is not a sheet refused with 422.
interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Row {
  row: number;
  name: string;
  outcome: string;
  serverId?: string;
  changes?: string[];
  problems?: { field: string; message: string }[];
}
interface Report {
  dryRun: boolean;
  counts: Record<string, number>;
  rows: Row[];
  groupsCreated: { name: string; groupId?: string; rows: number[] }[];
  pushTokens: { row: number; server: string; checkId: string; token: string }[];
  notes: string[];
}
interface Server {
  serverId: string;
  name: string;
  host: string;
  groupId: string | null;
  parentId: string | null;
  checks: { definition: { kind: string; port?: number }; timing: Record<string, number> }[];
}

const CSV_TYPE = 'text/csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A row's parent may come later in the sheet (web1 → app1); the last two rows are refused.
const CSV = [
  'Группа,Сервер,Хост,Родитель,Проверки,Интервал,Повторы',
  'Базы данных,db1,db1.corp.example,,"tcp:5432; https://db1.corp.example/health keyword=OK",30,2',
  'Базы данных,db2,db2.corp.example,db1,tcp:5432,30,',
  'Web,web1,web1.corp.example,app1,"https://web1.corp.example/ status=200-399; tcp:443",,',
  'Web,app1,app1.corp.example,db2,tcp:8080,,',
  ',backup1,backup1.corp.example,,push,1h,0',
  ',bad1,bad1.corp.example,,tcp:70000,,',
  ',bad2,bad2.corp.example,,tcp:22,5,',
].join('\r\n');

function workbook(rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows as unknown[][]), 'Servers');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

// A title above the header, English headers, a group named in another case, a new group.
const XLSX_FILE = workbook([
  ['Monitoring inventory'],
  [],
  ['Group', 'Name', 'Host', 'Parent', 'Checks', 'Interval', 'Resend'],
  ['базы данных', 'db2', 'db2b.corp.example', 'db1', 'tcp:5432\ntcp:6432', 30, null],
  ['Cache', 'cache1', 'cache1.corp.example', 'db2', 'tcp:6379', null, '30m'],
]);

async function upload(
  t: T,
  file: Uint8Array | string,
  dryRun: boolean,
  type = CSV_TYPE,
  headers: Record<string, string> = {},
) {
  const response = await checkedFetch(t.context.api.node.baseUrl, `/monitoring/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.context.admin}`, 'Content-Type': type, ...headers },
    body: typeof file === 'string' ? new TextEncoder().encode(file) : file,
  });
  return response;
}

async function imported(t: T, file: Uint8Array | string, dryRun: boolean, type = CSV_TYPE) {
  const response = await upload(t, file, dryRun, type);
  t.is(response.status, 200);
  return (await response.json()) as Report;
}

const monitoringEvents = async (t: T) =>
  Number(
    (
      await t.context.api.database.pool.query<{ n: string }>(
        "select count(*) n from es.events where stream_id like 'monitoring-%'",
      )
    ).rows[0]?.n ?? -1,
  );

async function servers(t: T): Promise<Map<string, Server>> {
  const response = await t.context.api.call('/monitoring/servers?limit=500', { token: t.context.admin });
  const { items } = (await response.json()) as { items: Server[] };
  return new Map(items.map((server) => [server.name, server]));
}

async function groups(t: T): Promise<Map<string, string>> {
  const response = await t.context.api.call('/monitoring/groups', { token: t.context.admin });
  const { items } = (await response.json()) as { items: { groupId: string; name: string }[] };
  return new Map(items.map((group) => [group.name, group.groupId]));
}

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
});

test.after.always((t) => t.context.api?.stop());

test('a dry run of a CSV reports every row, naming the refused ones, and writes nothing', async (t) => {
  const report = await imported(t, CSV, true);
  t.true(report.dryRun);
  t.like(report.counts, { rows: 7, create: 5, change: 0, unchanged: 0, errors: 2, groupsCreated: 2 });
  const refused = new Map(report.rows.filter((r) => r.outcome === 'error').map((r) => [r.row, r]));
  t.deepEqual(refused.get(7)?.problems?.[0]?.field, 'checks');
  t.regex(refused.get(7)?.problems?.[0]?.message ?? '', /tcp:70000.*port .*1 to 65535/);
  t.deepEqual(refused.get(8)?.problems?.[0]?.field, 'interval');
  t.deepEqual(
    report.groupsCreated.map((g) => g.name),
    ['Базы данных', 'Web'],
  );
  t.true(report.notes.some((note) => /without an alert route/.test(note)));
  t.true(report.notes.some((note) => /never removes a server/.test(note)));
  t.deepEqual(report.pushTokens, []);
  t.is(await monitoringEvents(t), 0, 'a dry run writes nothing');
});

test('a commit of the CSV creates the groups and servers, parents before children', async (t) => {
  const report = await imported(t, CSV, false);
  t.false(report.dryRun);
  t.like(report.counts, { create: 5, errors: 2, groupsCreated: 2 });
  const made = await servers(t);
  const byName = (name: string) => {
    const server = made.get(name);
    if (!server) throw new Error(`${name} was not created`);
    return server;
  };
  t.deepEqual([...made.keys()].sort(), ['app1', 'backup1', 'db1', 'db2', 'web1']);
  const named = await groups(t);
  t.is(byName('db1').groupId, named.get('Базы данных') ?? 'none');
  t.is(byName('web1').groupId, named.get('Web') ?? 'none');
  t.is(byName('backup1').groupId, null);
  t.is(byName('db2').parentId, byName('db1').serverId);
  t.is(byName('web1').parentId, byName('app1').serverId, 'a parent later in the sheet');
  t.is(byName('app1').parentId, byName('db2').serverId);
  const tcp = byName('db1').checks.find((check) => check.definition.kind === 'tcp');
  t.like(tcp, { definition: { port: 5432 }, timing: { intervalSeconds: 30, retries: 2 } });
  t.is(byName('db1').checks.length, 2);
  // The push check's token, shown this once: its URL answers.
  t.is(report.pushTokens.length, 1);
  t.like(report.pushTokens[0], { row: 6, server: 'backup1' });
  const push = await fetch(
    `${t.context.api.node.baseUrl}/api/v1/monitoring/push/${report.pushTokens[0]?.token ?? ''}`,
  );
  t.true(push.status < 300, `push answered ${push.status}`);
});

test('a second commit of the same CSV changes nothing', async (t) => {
  const before = await monitoringEvents(t);
  const report = await imported(t, CSV, false);
  t.like(report.counts, { create: 0, change: 0, unchanged: 5, errors: 2, groupsCreated: 0 });
  t.is(await monitoringEvents(t), before);
});

test('an xlsx changes what differs and creates the rest, a second commit changes nothing', async (t) => {
  const dry = await imported(t, XLSX_FILE, true, XLSX_TYPE);
  t.like(dry.counts, { rows: 2, create: 1, change: 1, errors: 0, groupsCreated: 1, absent: 4 });
  const before = await monitoringEvents(t);
  t.is(await monitoringEvents(t), before);
  const report = await imported(t, XLSX_FILE, false, XLSX_TYPE);
  t.like(report.counts, { create: 1, change: 1, groupsCreated: 1 });
  t.deepEqual(report.rows.find((r) => r.name === 'db2')?.changes, ['host', '+tcp:6432']);
  const made = await servers(t);
  t.is(made.get('db2')?.host, 'db2b.corp.example');
  t.deepEqual(
    made.get('db2')?.checks.map((c) => c.definition.port),
    [5432, 6432],
  );
  t.is(made.get('cache1')?.parentId, made.get('db2')?.serverId);
  t.is(made.get('cache1')?.checks[0]?.timing['resendIntervalSeconds'], 1800);
  t.is((await groups(t)).size, 3);
  t.true(made.has('web1'), 'servers the sheet does not name stay');
  const written = await monitoringEvents(t);
  const again = await imported(t, XLSX_FILE, false, XLSX_TYPE);
  t.like(again.counts, { create: 0, change: 0, unchanged: 2 });
  t.is(await monitoringEvents(t), written);
});

test('a commit retried under its Idempotency-Key appends nothing twice; another file under it is its own', async (t) => {
  const headers = { 'Idempotency-Key': 'servers-import-1' };
  const first = await upload(
    t,
    'Name,Host,Checks\nretry1,retry1.corp.example,tcp:22\n',
    false,
    CSV_TYPE,
    headers,
  );
  t.is(first.status, 200);
  t.like(((await first.json()) as Report).counts, { create: 1 });
  const written = await monitoringEvents(t);
  const again = await upload(
    t,
    'Name,Host,Checks\nretry1,retry1.corp.example,tcp:22\n',
    false,
    CSV_TYPE,
    headers,
  );
  t.is(again.status, 200);
  t.is(await monitoringEvents(t), written);
  // The same row and step under the same key, in another file: its commands are keyed by the file too.
  const other = await upload(
    t,
    'Name,Host,Checks\nretry2,retry2.corp.example,tcp:22\n',
    false,
    CSV_TYPE,
    headers,
  );
  t.like(((await other.json()) as Report).counts, { create: 1 });
  t.true((await servers(t)).has('retry2'));
});

test('refuses a file that is not a sheet with 422, writing nothing', async (t) => {
  const before = await monitoringEvents(t);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
  const binary = await upload(t, png, false, 'application/octet-stream');
  t.is(binary.status, 422);
  t.is(((await binary.json()) as { code: string }).code, 'IMPORT.NOT_A_WORKBOOK');
  const prose = await upload(t, 'Dear admin,\nplease add our servers.\n', false);
  t.is(prose.status, 422);
  t.is(((await prose.json()) as { code: string }).code, 'IMPORT.NO_HEADER');
  t.is(await monitoringEvents(t), before);
});
