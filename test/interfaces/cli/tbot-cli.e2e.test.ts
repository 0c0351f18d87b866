import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { migrations } from '../../../migrations/index.ts';
import { eventually } from '../../support/eventually.ts';
import { freePort } from '../../support/free-port.ts';
import { runTbot, serveTbot } from '../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase; dir: string }>;

test.before(async (t) => {
  // Not migrated: the CLI's own `migrate` and `serve` are what this file tests.
  t.context.database = await createTestDatabase({ migrate: false });
  t.context.dir = await mkdtemp(path.join(tmpdir(), 'tbot-cli-'));
});

test.after.always(async (t) => {
  await t.context.database?.drop();
  if (t.context.dir) await rm(t.context.dir, { recursive: true, force: true });
});

test('prints its version and help', async (t) => {
  const version = await runTbot(['--version']);
  t.is(version.code, 0);
  t.regex(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const help = await runTbot(['--help']);
  t.is(help.code, 0);
  t.regex(help.stdout, /serve/);
  t.regex(help.stdout, /migrate/);
});

test('answers an unknown command with exit code 2', async (t) => {
  const run = await runTbot(['frobnicate']);
  t.is(run.code, 2);
  t.regex(run.stderr, /unknown command/);
});

test('refuses to start with bad settings, naming every problem and no secret', async (t) => {
  const run = await runTbot(['serve'], {
    PORT: 'eighty',
    LOG_LEVEL: 'loud',
    DATABASE_URL: 'mysql://root:hunter2@db/tbot',
  });
  t.is(run.code, 2);
  t.regex(run.stderr, /PORT/);
  t.regex(run.stderr, /LOG_LEVEL/);
  t.regex(run.stderr, /DATABASE_URL/);
  t.notRegex(run.stderr, /hunter2/);
});

test.serial('migrates up, reports status and migrates down', async (t) => {
  const env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
  const before = await runTbot(['migrate', 'status'], env);
  t.is(before.code, 0, before.stderr);
  t.regex(before.stdout, /pending\s+2026-11-24T20-00-00_projections-and-cluster/);

  const up = await runTbot(['migrate', 'up'], env);
  t.is(up.code, 0, up.stderr);
  t.regex(up.stdout, /applied 2026-11-24T19-10-00_event-store/);
  t.regex((await runTbot(['migrate', 'up'], env)).stdout, /up to date/);
  t.notRegex((await runTbot(['migrate', 'status'], env)).stdout, /pending/);

  const down = await runTbot(['migrate', 'down'], env);
  t.is(down.code, 0, down.stderr);
  // `down` undoes the newest migration only.
  const newest = Object.keys(migrations).sort().at(-1) ?? '';
  t.true(down.stdout.includes(`undone ${newest}`), down.stdout);
  const status = (await runTbot(['migrate', 'status'], env)).stdout;
  t.regex(status, new RegExp(`pending\\s+${newest}`));
  t.is(status.match(/pending/g)?.length, 1);
});

test.serial('serves /health on an external database and stops on SIGTERM', async (t) => {
  const port = await freePort();
  const node = await serveTbot({
    DATABASE_URL: t.context.database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  t.teardown(() => node.stop('SIGKILL'));
  const response = await fetch(`${node.baseUrl}/health`, { headers: { 'X-Request-Id': 'e2e-health-1' } });
  const body = (await response.json()) as Record<string, unknown>;
  t.is(response.status, 200);
  t.is(response.headers.get('x-request-id'), 'e2e-health-1');
  t.like(body, { status: 'ok', dependencies: { database: { status: 'up' } }, features: { otrs: 'off' } });
  t.regex(String(body['version']), /^\d+\.\d+\.\d+$/);
  t.is(typeof body['uptimeSeconds'], 'number');
  t.true(
    await eventually(() =>
      node.logs.some((entry) => entry['msg'] === 'http request' && entry['requestId'] === 'e2e-health-1'),
    ),
    'the access log carries the request id',
  );
  const missing = await fetch(`${node.baseUrl}/nowhere`);
  t.is(missing.status, 404);
  t.is(missing.headers.get('content-type'), 'application/problem+json');

  const exit = await node.stop('SIGTERM');
  t.is(exit.code, 0, exit.stderr);
  t.regex(exit.stdout, /"msg":"stopped"/);
});

test.serial('reads settings from --env-file', async (t) => {
  const port = await freePort();
  const envFile = path.join(t.context.dir, 'test.env');
  await writeFile(envFile, `PORT=${port}\nLOG_LEVEL=warn\nDATABASE_URL=${t.context.database.url}\n`);
  const run = await runTbot(['--env-file', envFile, 'migrate', 'status'], {});
  t.is(run.code, 0, run.stderr);
  const missing = await runTbot(['--env-file', path.join(t.context.dir, 'absent.env'), 'migrate', 'status']);
  // Node 20 itself reads `--env-file` wherever it stands and exits 9 on a missing file; later Nodes leave it
  // to tbot, which exits 2. Either way: a failure that names the file.
  t.true(missing.code === 2 || missing.code === 9, `exit code ${missing.code}`);
  t.regex(missing.stderr, /absent\.env/);
});
