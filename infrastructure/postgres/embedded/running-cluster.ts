import fs from 'node:fs/promises';
import path from 'node:path';
import { loadClusterPassword } from './cluster-password.ts';

/** An embedded cluster that a live PostgreSQL server (most likely another TBot process's) runs right now. */
export interface RunningCluster {
  /** The postmaster's process id. */
  readonly pid: number;
  /** The address it listens on, as `pg` takes it (no brackets around IPv6). */
  readonly host: string;
  readonly port: number;
  /** `postgres://postgres:<password>@<host>:<port>/tbot`: holds the password, redact it before logging. */
  readonly url: string;
  /** PostgreSQL's own word: `ready` once it accepts connections, else `starting`, `stopping` or `standby`. */
  readonly status: string;
}

/** The application database inside the embedded cluster (also `EMBEDDED_DATABASE`). */
const DATABASE = 'tbot';
const SUPERUSER = 'postgres';
const DEFAULT_HOST = '127.0.0.1';

/**
 * The server running the embedded cluster `<dataDir>/postgres`, read from its `postmaster.pid` (line 1 pid,
 * 2 data directory, 4 port, 6 first listen address, 8 status), or null when none runs: no lock file, or one
 * left by a killed server (its pid dead, a zombie, or reused by a process that is not PostgreSQL), by a
 * standalone backend (initdb, single-user mode: negative pid) or by a copy of the cluster made elsewhere.
 */
export async function findRunningCluster(dataDir: string): Promise<RunningCluster | null> {
  const clusterDir = path.join(path.resolve(dataDir), 'postgres');
  let content: string;
  try {
    content = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines = content.split('\n').map((line) => line.trim());
  const pid = integer(lines[0]);
  const port = integer(lines[3]);
  // Negative: a standalone backend, which serves no one. Ours or our parent's: stale (PostgreSQL's own rule).
  if (pid === undefined || pid <= 0 || pid === process.pid || pid === process.ppid) return null;
  if (port === undefined || port <= 0 || port > 65_535) return null;
  if (!(await sameDirectory(lines[1], clusterDir))) return null;
  if (!(await isLivePostgres(pid))) return null;

  const password = await loadClusterPassword(path.join(path.resolve(dataDir), 'postgres-password'), {
    create: false,
  });
  const host = connectHost(lines[5]);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@${urlHost}:${port}/${DATABASE}`;
  return { pid, host, port, url, status: lines[7] || 'starting' };
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** Whether the lock file's data directory is this cluster: a copied cluster keeps its original's lock file. */
async function sameDirectory(recorded: string | undefined, clusterDir: string): Promise<boolean> {
  if (!recorded) return false;
  if (path.resolve(recorded) === clusterDir) return true;
  try {
    return (await fs.realpath(recorded)) === (await fs.realpath(clusterDir));
  } catch {
    return false;
  }
}

/**
 * Whether `pid` is a live process and, where `/proc` shows it, a PostgreSQL one that is not a zombie: a pid
 * from a killed run is often reused, in containers especially. EPERM means alive, owned by another user.
 */
async function isLivePostgres(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  let stat: string;
  try {
    stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true; // hidden by hidepid, or gone this instant: kill() said alive, so trust it
  }
  // `pid (comm) state ...`, where comm may itself hold spaces and parentheses.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return true;
  const comm = stat.slice(open + 1, close);
  const state = stat
    .slice(close + 1)
    .trim()
    .charAt(0);
  return state !== 'Z' && state !== 'X' && comm.startsWith('postgres');
}

/** Where to connect for the first listen address PostgreSQL recorded; a wildcard means loopback will do. */
function connectHost(listen: string | undefined): string {
  if (!listen || listen === '*' || listen === '0.0.0.0') return DEFAULT_HOST;
  if (listen === '::') return '::1';
  return listen;
}
