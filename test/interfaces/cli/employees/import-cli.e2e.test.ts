import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import anyTest, { type TestFn } from 'ava';
import { runTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

// `tbot import employees` as a person runs it, on a database of its own.
const test = anyTest.serial as TestFn<{ database: TestDatabase; env: Record<string, string>; dir: string }>;

const SAMPLE = fileURLToPath(
  new URL('../../../../../shared/fixtures/employees-sample.xlsx', import.meta.url),
);

interface Report {
  dryRun: boolean;
  counts: Record<string, number>;
  namesakes: { fullName: string; rows: number[] }[];
}

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: false });
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
  t.context.dir = await mkdtemp(join(tmpdir(), 'tbot-import-'));
});

test.after.always(async (t) => {
  await t.context.database?.drop();
  if (t.context.dir) await rm(t.context.dir, { recursive: true, force: true });
});

const count = async (t: { context: { database: TestDatabase } }, sql: string) =>
  Number((await t.context.database.pool.query<{ n: string }>(sql)).rows[0]?.n ?? -1);

test('a dry run reports the sample and writes nothing', async (t) => {
  const run = await runTbot(
    ['import', 'employees', SAMPLE, '--dry-run', '--format', 'json'],
    t.context.env,
    60_000,
  );
  t.is(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  t.true(report.dryRun);
  t.is(report.counts['rows'], 300);
  t.is(report.counts['new'], 300);
  t.true(report.namesakes.length > 0);
  t.is(await count(t, 'select count(*) n from es.events'), 0);
});

test('imports the sample, with personal data encrypted in the log; a second import changes nothing', async (t) => {
  const run = await runTbot(['import', 'employees', SAMPLE], t.context.env, 60_000);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /Imported: sheet "Сотрудники", header on row 3/);
  t.regex(run.stdout, /rows 300: new 300, changed 0, unchanged 0/);
  t.regex(run.stdout, /Namesakes/);
  t.is(await count(t, "select count(*) n from es.events where type = 'EmployeeRegistered'"), 300);
  // Names, phones and e-mail are ciphertext in the log (positions and rooms are not personal data).
  t.is(
    await count(t, "select count(*) n from es.events where data->'details'->>'fullName' like 'pd1:%'"),
    300,
  );
  t.is(await count(t, "select count(*) n from es.events where data::text ~ 'Иванов|@|\\+7'"), 0);
  const again = await runTbot(['import', 'employees', SAMPLE, '--format', 'json'], t.context.env, 60_000);
  t.is(again.code, 0, again.stderr);
  const report = JSON.parse(again.stdout) as Report;
  t.is(report.counts['events'], 0);
  t.is(report.counts['unchanged'], 300);
});

test('refuses a file that is not a workbook with exit code 2, writing nothing', async (t) => {
  const before = await count(t, 'select count(*) n from es.events');
  const bogus = join(t.context.dir, 'employees.xlsx');
  await writeFile(bogus, 'ФИО;Отдел\nИванов;ИТ\n');
  const run = await runTbot(['import', 'employees', bogus], t.context.env);
  t.is(run.code, 2);
  t.regex(run.stderr, /IMPORT\.NOT_A_WORKBOOK/);
  const missing = await runTbot(['import', 'employees', join(t.context.dir, 'nope.xlsx')], t.context.env);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /cannot read/);
  t.is(await count(t, 'select count(*) n from es.events'), before);
});

test('forgets a person from the command line; a rebuild after it shows no trace of them', async (t) => {
  const rebuild = (name: string) =>
    runTbot(['projections', 'rebuild', name, '--yes', '--reason', 'e2e'], t.context.env, 120_000);
  t.is((await rebuild('employees')).code, 0);
  const { rows } = await t.context.database.pool.query<{ id: string; email: string }>(
    "select id, email from employees.employees where full_name = 'Фёдоров Сергей Сергеевич'",
  );
  const person = rows[0];
  if (!person) throw new Error('the rebuilt directory lacks Фёдоров');
  const noReason = await runTbot(['employees', 'forget', person.id, '--yes'], t.context.env);
  t.is(noReason.code, 2);
  const run = await runTbot(
    ['employees', 'forget', person.id, '--yes', '--reason', 'request 152-FZ #18'],
    t.context.env,
  );
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /forgot employee/);
  t.is((await rebuild('employees')).code, 0);
  t.is((await rebuild('audit')).code, 0);
  const { rows: tables } = await t.context.database.pool.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema in ('es', 'core', 'employees', 'projections') and table_type = 'BASE TABLE'`,
  );
  for (const { name } of tables) {
    const traces = await count(
      t,
      `select count(*) n from ${name} x where x::text ilike any(array['%Фёдоров Сергей Сергеевич%', '%${person.email}%', '%152-FZ #18%'])`,
    );
    t.is(traces, 0, `${name} still holds their data or the forget's reason`);
  }
  t.is(await count(t, "select count(*) n from es.events where type = 'EmployeeForgotten'"), 1);
});
