import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type CliRun, childEnv } from './tbot-process.ts';

const BIN = fileURLToPath(new URL('../../bin/tbot.js', import.meta.url));

export interface RunningTbot {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once the output so far matches `pattern`; rejects when the process exits first or time runs out. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends `signal` (unless it has exited) and waits for the exit; safe to call again from a teardown. */
  stop(signal?: NodeJS.Signals): Promise<CliRun>;
}

/** Starts a long-running `tbot ARGS` (`events tail --follow`) whose output a test watches as it comes. */
export function startTbot(args: readonly string[], env: Record<string, string>): RunningTbot {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    output[stream] += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData('stdout'));
  child.stderr.on('data', onData('stderr'));
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  let exited = false;
  void closed.then(() => {
    exited = true;
    for (const listener of listeners) listener();
  });

  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    waitFor(stream, pattern, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output[stream])) finish();
          else if (exited) finish(new Error(`tbot exited before ${stream} matched ${pattern}`));
        };
        const timer = setTimeout(
          () => finish(new Error(`${stream} did not match ${pattern} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error)
            reject(new Error(`${error.message}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`));
          else resolve();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code, exitSignal] = await closed;
      clearTimeout(timer);
      return { code, signal: exitSignal, ...output };
    },
  };
}
