import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import pg from 'pg';
import { pino } from 'pino';
import { DatabaseCtypeError, assertUtf8Ctype } from '../../../infrastructure/postgres/ctype-check.ts';
import {
  type EmbeddedLogger,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from '../../../infrastructure/postgres/embedded/index.ts';
import { TEST_SERVER_URL } from '../../support/test-database.ts';

// A pino logger is what the runtime passes in; this fails to compile if the interface drifts from it.
const _pinoFits: EmbeddedLogger = pino({ level: 'silent' });

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

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function durationOf(entries: LogEntry[], message: string): unknown {
  return (entries.find((entry) => entry.message === message)?.fields as { durationMs?: unknown } | undefined)
    ?.durationMs;
}

test('the embedded server initialises once, speaks UTF-8 with a Cyrillic-aware ctype and keeps its data', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tbot-embedded-pg-'));
  t.teardown(() => fs.rm(dataDir, { recursive: true, force: true }));
  const first = recordingLogger();

  const server = await startEmbeddedPostgres({ dataDir, port: 0, logger: first.logger });
  t.teardown(() => server.stop());
  t.regex(server.url, /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/tbot$/);
  t.true(server.url.endsWith(`:${server.port}/tbot`));
  t.is(((await fs.stat(path.join(dataDir, 'postgres-password'))).mode & 0o777).toString(8), '600');

  await withClient(server.url, async (client) => {
    const { rows } = await client.query<{ encoding: string; ctype: string; lowered: string }>(
      `SELECT pg_encoding_to_char(encoding) AS encoding, datctype AS ctype, lower('ИВАНОВ') AS lowered
       FROM pg_database WHERE datname = current_database()`,
    );
    t.deepEqual(rows[0], { encoding: 'UTF8', ctype: 'C.UTF-8', lowered: 'иванов' });
    await t.notThrowsAsync(assertUtf8Ctype(client));
    await client.query(`CREATE TABLE kept (name text NOT NULL)`);
    await client.query(`INSERT INTO kept (name) VALUES ('Иванов')`);
  });
  await server.stop();
  await server.stop();

  const initDuration = durationOf(first.entries, 'embedded PostgreSQL cluster initialised');
  const startDuration = durationOf(first.entries, 'embedded PostgreSQL started');
  t.is(typeof initDuration, 'number');
  t.is(typeof startDuration, 'number');
  t.true(
    first.entries.some(
      (entry) => entry.level === 'debug' && /ready to accept connections/.test(entry.message),
    ),
  );
  t.log(`init ${String(initDuration)} ms, first start ${String(startDuration)} ms`);

  const second = recordingLogger();
  const again = await startEmbeddedPostgres({ dataDir, port: 0, logger: second.logger });
  t.teardown(() => again.stop());
  t.false(second.entries.some((entry) => entry.message === 'embedded PostgreSQL cluster initialised'));
  t.false(second.entries.some((entry) => entry.message === 'embedded PostgreSQL database created'));
  const kept = await withClient(again.url, (client) =>
    client.query<{ name: string }>('SELECT name FROM kept'),
  );
  t.deepEqual(kept.rows, [{ name: 'Иванов' }]);
  t.log(`second start ${String(durationOf(second.entries, 'embedded PostgreSQL started'))} ms`);

  // A killed server leaves postmaster.pid behind: stop() must not hang, and the next start must not mind.
  const postmasterPid = Number(
    (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
  );
  process.kill(postmasterPid, 'SIGKILL');
  await until(() =>
    second.entries.some((entry) => entry.message === 'embedded PostgreSQL exited unexpectedly'),
  );
  await again.stop();

  // A taken port fails the start with PostgreSQL's reason.
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const takenPort = (blocker.address() as net.AddressInfo).port;
  const refused = await t.throwsAsync(
    startEmbeddedPostgres({ dataDir, port: takenPort, logger: recordingLogger().logger }),
  );
  await new Promise((resolve) => blocker.close(resolve));
  t.true(refused instanceof EmbeddedPostgresError);
  t.like(refused, { code: 'EMBEDDED_POSTGRES.START_FAILED' });
  t.regex(refused?.message ?? '', /could not bind/);

  const third = await startEmbeddedPostgres({ dataDir, port: 0, logger: recordingLogger().logger });
  t.teardown(() => third.stop());
  const recovered = await withClient(third.url, (client) =>
    client.query<{ n: number }>('SELECT count(*)::int AS n FROM kept'),
  );
  t.deepEqual(recovered.rows, [{ n: 1 }]);
  await third.stop();

  t.deepEqual(
    first.entries.filter((entry) => entry.level === 'error'),
    [],
  );
});

test('assertUtf8Ctype refuses a database whose ctype is C', async (t) => {
  const name = `tbot_ctype_c_${randomBytes(6).toString('hex')}`;
  await withClient(TEST_SERVER_URL, (client) =>
    client.query(
      `CREATE DATABASE ${pg.escapeIdentifier(name)} ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C' TEMPLATE template0`,
    ),
  );
  t.teardown(() =>
    withClient(TEST_SERVER_URL, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
    ),
  );
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;

  const error = await withClient(url.toString(), (client) => t.throwsAsync(assertUtf8Ctype(client)));

  t.true(error instanceof DatabaseCtypeError);
  t.like(error, { name: 'DatabaseCtypeError', code: 'DATABASE.CTYPE_NOT_UTF8', database: name, ctype: 'C' });
  t.regex(error?.message ?? '', /LC_CTYPE 'C\.UTF-8' TEMPLATE template0/);
});
