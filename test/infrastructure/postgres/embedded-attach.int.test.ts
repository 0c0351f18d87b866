import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import pg from 'pg';
import {
  type EmbeddedLogger,
  startEmbeddedPostgres,
} from '../../../infrastructure/postgres/embedded/index.ts';
import { findRunningCluster } from '../../../infrastructure/postgres/embedded/running-cluster.ts';

interface LogEntry {
  readonly level: 'debug' | 'info' | 'error';
  readonly fields: object;
  readonly message: string;
}

function recordingLogger(): { logger: EmbeddedLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const method =
    (level: LogEntry['level']) =>
    (first: object | string, message?: string): void => {
      entries.push(
        typeof first === 'string'
          ? { level, fields: {}, message: first }
          : { level, fields: first, message: message ?? '' },
      );
    };
  return { logger: { debug: method('debug'), info: method('info'), error: method('error') }, entries };
}

async function queryOne(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows[0];
  } finally {
    await client.end();
  }
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

test('a second start on a running cluster attaches to it, and its stop() leaves it running', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tbot-embedded-attach-'));
  t.teardown(() => fs.rm(dataDir, { recursive: true, force: true }));
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  t.is(await findRunningCluster(dataDir), null, 'nothing runs in an empty data directory');

  const owner = await startEmbeddedPostgres({ dataDir, port: 0, logger: recordingLogger().logger });
  t.teardown(() => owner.stop());
  t.is(owner.mode, 'started');

  const running = await findRunningCluster(dataDir);
  t.like(running, { port: owner.port, url: owner.url, host: '127.0.0.1', status: 'ready' });
  const runningPidFile = await fs.readFile(pidFile, 'utf8');

  const second = recordingLogger();
  const guest = await startEmbeddedPostgres({ dataDir, port: 0, logger: second.logger });
  t.is(guest.mode, 'attached');
  t.is(guest.url, owner.url);
  t.is(guest.port, owner.port);
  t.true(
    second.entries.some(
      (entry) => entry.message === 'attached to the embedded PostgreSQL another process runs',
    ),
  );
  t.false(second.entries.some((entry) => entry.message === 'embedded PostgreSQL started'));
  t.deepEqual(await queryOne(guest.url, 'SELECT current_database() AS db'), { db: 'tbot' });

  await guest.stop();
  await guest.stop();
  t.deepEqual(await queryOne(owner.url, 'SELECT 1 AS one'), { one: 1 }, 'the owner still serves');
  t.like(await findRunningCluster(dataDir), { port: owner.port });

  await owner.stop();
  t.is(await findRunningCluster(dataDir), null, 'nothing runs once the owner stopped');

  // A lock file left by a killed run: its pid is gone.
  await fs.writeFile(pidFile, runningPidFile.replace(/^\d+/, String(await deadPid())));
  t.is(await findRunningCluster(dataDir), null, 'a dead pid is stale');
  // ...or reused by a process that is not PostgreSQL (told apart where /proc shows it).
  if (process.platform === 'linux') {
    const sleeper = spawn('sleep', ['30']);
    t.teardown(() => sleeper.kill());
    await once(sleeper, 'spawn');
    await fs.writeFile(pidFile, runningPidFile.replace(/^\d+/, String(sleeper.pid)));
    t.is(await findRunningCluster(dataDir), null, 'a live pid that is not PostgreSQL is stale');
  }
  await fs.writeFile(pidFile, runningPidFile.replace(/^\d+/, String(process.pid)));
  t.is(await findRunningCluster(dataDir), null, 'our own pid is stale');

  // The stale lock file does not stop the next start either.
  await fs.writeFile(pidFile, runningPidFile.replace(/^\d+/, String(await deadPid())));
  const restarted = await startEmbeddedPostgres({ dataDir, port: 0, logger: recordingLogger().logger });
  t.teardown(() => restarted.stop());
  t.is(restarted.mode, 'started');
  t.like(await findRunningCluster(dataDir), { port: restarted.port, status: 'ready' });
  await restarted.stop();
  t.is(await findRunningCluster(dataDir), null);
});
