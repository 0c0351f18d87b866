import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { freePort } from '../../../support/free-port.ts';
import { serveTbot } from '../../../support/tbot-process.ts';

/** PostgreSQL processes serving the cluster in `dir`. */
function postgresProcessesFor(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${dir}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

test('starts on the embedded PostgreSQL with no database settings, and Ctrl-C stops both', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tbot-embedded-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();

  const node = await serveTbot({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, 120_000);
  t.teardown(() => node.stop('SIGINT'));
  const response = await fetch(`${node.baseUrl}/health`);
  t.is(response.status, 200);
  t.like(await response.json(), { status: 'ok', dependencies: { database: { status: 'up' } } });
  t.true(node.logs.some((entry) => entry['msg'] === 'migrations applied'));
  t.true(node.logs.some((entry) => entry['embedded'] === true));
  t.is(postgresProcessesFor(path.join(dataDir, 'postgres')).length, 1);

  const exit = await node.stop('SIGINT');
  t.is(exit.code, 0, exit.stderr);
  t.regex(exit.stdout, /embedded PostgreSQL stopped/);
  t.deepEqual(postgresProcessesFor(path.join(dataDir, 'postgres')), [], 'no PostgreSQL outlives TBot');
});
