import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { freePort } from '../../support/free-port.ts';
import { runTbot, serveTbot } from '../../support/tbot-process.ts';

test('a command attaches to the embedded PostgreSQL a running serve owns, and leaves it running', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tbot-embedded-attach-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();

  const node = await serveTbot({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, 120_000);
  t.teardown(() => node.stop('SIGINT'));
  t.true(node.logs.some((entry) => entry['embeddedServer'] === 'started'));

  const status = await runTbot(['migrate', 'status'], { DATA_DIR: dataDir });
  t.is(status.code, 0, status.stderr);
  t.regex(status.stderr, /attached to the embedded PostgreSQL another process runs/);
  const lines = status.stdout.trim().split('\n');
  t.true(lines.length >= 3, status.stdout);
  for (const line of lines) t.regex(line, /^\d{4}-\d\d-\d\dT\S+Z\s+\S+$/, 'applied, not pending');
  t.regex(status.stdout, /2026-11-24T19-10-00_event-store/);

  // The command's exit did not stop the server it borrowed.
  const health = await fetch(`${node.baseUrl}/health`);
  t.is(health.status, 200);
  t.like(await health.json(), { dependencies: { database: { status: 'up' } } });

  const exit = await node.stop('SIGINT');
  t.true(exit.code === 0 || exit.code === 130, `exit code ${exit.code}\n${exit.stderr}`);
  t.regex(exit.stdout, /embedded PostgreSQL stopped/);
});
