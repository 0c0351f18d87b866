import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { runTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

// `tbot monitoring import` as a person runs it, on a database of its own.
const test = anyTest.serial as TestFn<{ database: TestDatabase; env: Record<string, string>; dir: string }>;

interface Report {
  dryRun: boolean;
  counts: Record<string, number>;
  rows: { row: number; outcome: string; problems?: { field: string; message: string }[] }[];
}

// Semicolons, as Excel on a Russian Windows saves a CSV (in Windows-1251: see the last test).
const SHEET = [
  'Группа;Сервер;Хост;Родитель;Проверки;Интервал',
  'Базы данных;db1;db1.corp.example;;"tcp:5432; tcp:6432";30',
  'Базы данных;db2;db2.corp.example;db1;tcp:5432;',
].join('\n');

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: false });
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
  t.context.dir = await mkdtemp(join(tmpdir(), 'tbot-monitoring-import-'));
});

test.after.always(async (t) => {
  await t.context.database?.drop();
  if (t.context.dir) await rm(t.context.dir, { recursive: true, force: true });
});

const monitoringEvents = async (t: { context: { database: TestDatabase } }) =>
  Number(
    (
      await t.context.database.pool.query<{ n: string }>(
        "select count(*) n from es.events where stream_id like 'monitoring-%'",
      )
    ).rows[0]?.n ?? -1,
  );

const sheetFile = async (t: { context: { dir: string } }, name: string, content: string | Uint8Array) => {
  const path = join(t.context.dir, name);
  await writeFile(path, content);
  return path;
};

test('without --commit it is a dry run: the report, and nothing written', async (t) => {
  const path = await sheetFile(t, 'servers.csv', SHEET);
  const run = await runTbot(['monitoring', 'import', path, '--format', 'json'], t.context.env, 60_000);
  t.is(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as Report;
  t.true(report.dryRun);
  t.like(report.counts, { rows: 2, create: 2, errors: 0, groupsCreated: 1 });
  t.is(await monitoringEvents(t), 0);
});

test('--commit creates the group and the servers; a second commit changes nothing', async (t) => {
  const path = await sheetFile(t, 'servers.csv', SHEET);
  const run = await runTbot(['monitoring', 'import', path, '--commit'], t.context.env, 60_000);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /Imported: sheet "CSV", header on row 1/);
  t.regex(run.stdout, /rows 2: create 2, change 0, unchanged 0, errors 0/);
  t.regex(run.stdout, /Groups created, without an alert route \(1\):\n {2}Базы данных/);
  const { rows } = await t.context.database.pool.query<{ type: string; actor: string; source: string }>(
    `select type, metadata->'actor'->>'kind' actor, metadata->>'source' source from es.events
     where type in ('ServerGroupCreated', 'ServerRegistered') order by position`,
  );
  t.deepEqual(
    rows.map((row) => row.type),
    ['ServerGroupCreated', 'ServerRegistered', 'ServerRegistered'],
  );
  t.true(rows.every((row) => row.actor === 'cli' && row.source === 'import'));
  const written = await monitoringEvents(t);
  const again = await runTbot(
    ['monitoring', 'import', path, '--commit', '--format', 'json'],
    t.context.env,
    60_000,
  );
  t.is(again.code, 0, again.stderr);
  t.like((JSON.parse(again.stdout) as Report).counts, { create: 0, change: 0, unchanged: 2 });
  t.is(await monitoringEvents(t), written);
});

test('a refused row is reported with its row and column and exits 1; the other rows are imported', async (t) => {
  const cp1251 = Buffer.from(
    // "Сервер;Хост;Проверки" and the rows, in Windows-1251 (one byte per Cyrillic letter).
    [
      [0xd1, 0xe5, 0xf0, 0xe2, 0xe5, 0xf0],
      [0xd5, 0xee, 0xf1, 0xf2],
      [0xcf, 0xf0, 0xee, 0xe2, 0xe5, 0xf0, 0xea, 0xe8],
    ]
      .map((word) => Buffer.from(word).toString('latin1'))
      .join(';') + '\nweb1;web1.corp.example;tcp:70000\nweb2;web2.corp.example;tcp:443\n',
    'latin1',
  );
  const path = await sheetFile(t, 'windows.csv', cp1251);
  const run = await runTbot(['monitoring', 'import', path, '--commit'], t.context.env, 60_000);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stdout, /row 2 web1, checks: "tcp:70000": port must be a whole number from 1 to 65535/);
  t.regex(run.stdout, /Created \(1\):\n {2}row 3 web2/);
  t.regex(run.stderr, /1 row\(s\) refused; the other rows were imported/);
});

test('refuses a file that is not a sheet, or is missing, with exit code 2, writing nothing', async (t) => {
  const before = await monitoringEvents(t);
  const binary = await sheetFile(t, 'photo.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
  const run = await runTbot(['monitoring', 'import', binary, '--commit'], t.context.env);
  t.is(run.code, 2);
  t.regex(run.stderr, /IMPORT\.NOT_A_WORKBOOK/);
  const missing = await runTbot(['monitoring', 'import', join(t.context.dir, 'nope.csv')], t.context.env);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /cannot read/);
  t.is(await monitoringEvents(t), before);
});
