import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { withPersonalDataProtection } from '../../../application/personal-data/index.ts';
import { createPostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { workbookOf } from '../../infrastructure/excel/workbook-fixtures.ts';
import { fixtureId, seedDirectory } from '../../support/directory-fixture.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type CliRun, TEST_MASTER_KEY, runTbot } from '../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// Names and other data holding terminal escapes, printed by `tbot` as a person runs it: escaped, never raw.
const test = anyTest.serial as TestFn<{ database: TestDatabase; env: Record<string, string>; dir: string }>;

/** Sets the terminal's title (OSC 0, ended by BEL), then clears the screen (CSI 2J). */
const EVIL = 'Evil\u001b]0;pwned\u0007 Name\u001b[2J';
/** How `tbot` shows it: the same characters, with the controls as visible escapes. */
const SHOWN = 'Evil\\x1b]0;pwned\\x07 Name\\x1b[2J';
const HEADER = ['№', 'ФИО', 'Отдел', 'Телефон (вн.)', 'E-mail'];

test.before(async (t) => {
  t.context.database = await createTestDatabase();
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
  t.context.dir = await mkdtemp(join(tmpdir(), 'tbot-escapes-'));
});

test.after.always(async (t) => {
  await t.context.database?.drop();
  if (t.context.dir) await rm(t.context.dir, { recursive: true, force: true });
});

async function workbook(dir: string, name: string, rows: unknown[][]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, workbookOf([HEADER, ...rows]));
  return path;
}

function assertNoRawEscape(t: { false(actual: boolean, message: string): void }, run: CliRun): void {
  t.false(run.stdout.includes('\u001b'), `raw ESC on stdout: ${JSON.stringify(run.stdout)}`);
  t.false(run.stderr.includes('\u001b'), `raw ESC on stderr: ${JSON.stringify(run.stderr)}`);
  const all = run.stdout + run.stderr;
  t.false(all.includes('\u0007') || all.includes('\u009b'), 'raw BEL or CSI in the output');
}

test('tbot import --dry-run shows names with escape sequences escaped', async (t) => {
  const { database, dir, env } = t.context;
  // A person an older version let in (the domain may refuse such a name now): in the directory, not in the sheet.
  const raw = createPostgresEventStore({ pool: database.pool, url: database.url });
  const masterKey = parseMasterKey(TEST_MASTER_KEY);
  if (!masterKey) throw new Error('the test master key does not parse');
  const keys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  try {
    await seedDirectory(withPersonalDataProtection(raw, { keys }), {
      departments: { [fixtureId('d', 1)]: `ИТ${EVIL}` },
      people: [
        { employeeId: fixtureId('e', 1), departmentId: fixtureId('d', 1), details: { fullName: EVIL } },
      ],
    });
  } finally {
    await raw.close();
  }

  // Another row holds one too: new (not listed) or refused (listed): either way never raw.
  const sheet = await workbook(dir, 'sheet.xlsx', [
    [1, 'Иванов Иван', 'ИТ', '101', 'ivanov@example.com'],
    [2, `Row${EVIL}`, 'ИТ', '102', 'row@example.com'],
  ]);
  const dryRun = await runTbot(['import', 'employees', sheet, '--dry-run'], env, 60_000);
  t.is(dryRun.code, 0, dryRun.stderr);
  t.regex(dryRun.stdout, /Dry run \(nothing written\)/);
  t.regex(dryRun.stdout, /In the directory but not in the sheet/);
  t.true(dryRun.stdout.includes(`${SHOWN} (ИТ${SHOWN})`), dryRun.stdout);
  assertNoRawEscape(t, dryRun);
});

test('tbot events list shows stream ids and actors from the log escaped, and its JSON keeps them', async (t) => {
  const { database, env } = t.context;
  // The log holds what any writer put there (an older version, a restored backup): the table shows it as data.
  const store = createPostgresEventStore({ pool: database.pool, url: database.url });
  try {
    await store.append(`thing-${EVIL}`, [
      {
        type: 'ThingNamed',
        data: { name: EVIL },
        metadata: { ...testMetadata, actor: { kind: 'telegram', id: EVIL, name: EVIL } },
      },
    ]);
  } finally {
    await store.close();
  }

  const table = await runTbot(['events', 'list', '--type', 'ThingNamed'], env);
  t.is(table.code, 0, table.stderr);
  t.true(table.stdout.includes(`thing-${SHOWN}`), table.stdout);
  t.true(table.stdout.includes(`telegram:${SHOWN}`), table.stdout);
  assertNoRawEscape(t, table);

  const json = await runTbot(['events', 'list', '--type', 'ThingNamed', '--format', 'json'], env);
  t.is(json.code, 0, json.stderr);
  assertNoRawEscape(t, json);
  const [event] = JSON.parse(json.stdout) as { streamId: string; data: { name: string } }[];
  t.is(event?.streamId, `thing-${EVIL}`);
  t.is(event?.data.name, EVIL);
});

test('an error quoting data is escaped too', async (t) => {
  const run = await runTbot(['events', 'state', `thing-${EVIL}x`], t.context.env);
  t.not(run.code, 0);
  assertNoRawEscape(t, run);
  t.true(run.stderr.includes(SHOWN), run.stderr);
});
