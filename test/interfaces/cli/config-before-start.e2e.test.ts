import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { freePort } from '../../support/free-port.ts';
import { TEST_MASTER_KEY, runTbot } from '../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// Exit code 2 promises that nothing was done: a refused configuration is refused before the database, Redis or
// a file is touched, by `tbot serve` and by every other command.
const test = anyTest.serial as TestFn<{ database: TestDatabase; dir: string }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: false });
  t.context.dir = await mkdtemp(join(tmpdir(), 'tbot-config-'));
});

test.after.always(async (t) => {
  await t.context.database?.drop();
  if (t.context.dir) await rm(t.context.dir, { recursive: true, force: true });
});

/** Schemas and tables beyond what a fresh PostgreSQL database has. */
async function created(database: TestDatabase): Promise<string[]> {
  const { rows } = await database.pool.query<{ name: string }>(
    `select schema_name as name from information_schema.schemata
      where schema_name not in ('public', 'information_schema') and schema_name not like 'pg\\_%'
     union all
     select table_schema || '.' || table_name from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema')`,
  );
  return rows.map((row) => row.name);
}

const serveEnv = async (database: TestDatabase): Promise<Record<string, string>> => ({
  DATABASE_URL: database.url,
  HOST: '127.0.0.1',
  PORT: String(await freePort()),
  LOG_LEVEL: 'warn',
});

test('tbot serve with DATABASE_URL and no master key exits 2 and leaves the database empty', async (t) => {
  const { database } = t.context;
  // Blank counts as unset (the test environment gives every child a key otherwise).
  const run = await runTbot(['serve'], { ...(await serveEnv(database)), PERSONAL_DATA_MASTER_KEY: '' });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /PERSONAL_DATA_MASTER_KEY: required with DATABASE_URL/);
  t.deepEqual(await created(database), []);
});

test('every command refuses the same configuration before it touches the database', async (t) => {
  const { database } = t.context;
  const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn', PERSONAL_DATA_MASTER_KEY: '' };
  for (const args of [
    ['migrate', 'up'],
    ['events', 'list'],
    ['projections', 'status'],
  ]) {
    const run = await runTbot(args, env);
    t.is(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    t.regex(run.stderr, /PERSONAL_DATA_MASTER_KEY: required with DATABASE_URL/, args.join(' '));
  }
  t.deepEqual(await created(database), []);
});

test('a malformed key, or a webhook without its secret, is refused before the database is migrated', async (t) => {
  const { database } = t.context;
  const malformed = await runTbot(['serve'], {
    ...(await serveEnv(database)),
    PERSONAL_DATA_MASTER_KEY: 'too-short-a-key',
  });
  t.is(malformed.code, 2, malformed.stderr);
  t.regex(malformed.stderr, /PERSONAL_DATA_MASTER_KEY: must be 32 random bytes .* \(value not shown\)/);
  t.false(malformed.stderr.includes('too-short-a-key'));

  const webhook = await runTbot(['serve'], {
    ...(await serveEnv(database)),
    PERSONAL_DATA_MASTER_KEY: TEST_MASTER_KEY,
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_WEBHOOK_URL: 'https://tbot.example.com/telegram/webhook',
  });
  t.is(webhook.code, 2, webhook.stderr);
  t.regex(webhook.stderr, /TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL/);
  t.deepEqual(await created(database), []);
});

test('embedded: a bad key file in DATA_DIR is refused before the embedded server is created', async (t) => {
  const dataDir = join(t.context.dir, 'data');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir);
  await writeFile(join(dataDir, 'personal-data-master.key'), 'not a key\n', { mode: 0o600 });
  const run = await runTbot(['serve'], {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    PERSONAL_DATA_MASTER_KEY: '',
  });
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /personal-data-master\.key must hold/);
  t.deepEqual(await readdir(dataDir), ['personal-data-master.key']);
});
