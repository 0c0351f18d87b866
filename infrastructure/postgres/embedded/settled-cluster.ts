import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';
import type { EmbeddedLogger } from './embedded-logger.ts';
import { type RunningCluster, findRunningCluster } from './running-cluster.ts';

/** How long to wait for a server another process is starting or stopping on the same cluster. */
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * The server another process runs on the cluster once it is ready, or null when none runs (or the one that
 * did has finished stopping); waits while it is starting or stopping.
 */
export async function settledCluster(
  dataDir: string,
  logger: EmbeddedLogger,
): Promise<RunningCluster | null> {
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
