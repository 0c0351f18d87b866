import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/tbot.js', import.meta.url));

/**
 * The master key of personal data test nodes share (with `DATABASE_URL` a node needs one; nodes of one database
 * must share it). A test of the key itself passes its own.
 */
export const TEST_MASTER_KEY = '0f'.repeat(32);

/** The environment a child `tbot` sees: the machine's basics plus the test's settings, nothing inherited. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, TMPDIR, LOG_LEVEL: 'info', PERSONAL_DATA_MASTER_KEY: TEST_MASTER_KEY, ...env };
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tbot ARGS` to completion (bounded by `timeoutMs`). */
export async function runTbot(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

export interface ServingTbot {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Log lines (parsed JSON) written so far. */
  readonly logs: Record<string, unknown>[];
  /** Sends `signal` (unless it has exited) and waits for the exit; safe to call again from a teardown. */
  stop(signal?: NodeJS.Signals): Promise<CliRun>;
}

/** Starts `tbot serve` and resolves once it logs that it listens; rejects if it exits or takes too long. */
export async function serveTbot(env: Record<string, string>, timeoutMs = 60_000): Promise<ServingTbot> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;

  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tbot serve did not listen within ${timeoutMs} ms:\n${stdout}${stderr}`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry['msg'] === 'TBot is listening' && typeof entry['url'] === 'string') {
            clearTimeout(timer);
            resolve(entry['url'].replace('0.0.0.0', '127.0.0.1'));
          }
        } catch {
          // Not a log line (npm or PostgreSQL chatter): kept in stdout for failure messages only.
        }
      }
    });
    void closed.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`tbot serve exited with ${code} before listening:\n${stdout}${stderr}`));
    });
  });

  let baseUrl: string;
  try {
    baseUrl = await listening;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    baseUrl,
    logs,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code, exitSignal] = await closed;
      clearTimeout(timer);
      return { code, signal: exitSignal, stdout, stderr };
    },
  };
}
