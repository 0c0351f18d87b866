import { type BenchDatabase, createBenchDatabase, dropBenchDatabase } from './bench-database.ts';

export interface BenchRun {
  /** The run's throwaway database. */
  readonly database: BenchDatabase;
  /** Aborted on Ctrl-C or SIGTERM (with `onSignal: 'abort'`): the bench stops measuring and cleans up. */
  readonly signal: AbortSignal;
  /** Ends the guard and drops the database (a failure to drop sets the exit code). Call it in `finally`. */
  finish(): Promise<void>;
}

/**
 * A bench's throwaway database, dropped however the run ends: normally through `finish`; on Ctrl-C through
 * `signal` and then `finish` (`onSignal: 'abort'`, for a bench that watches the signal) or at once, exiting 1
 * (`'exit'`); and, when the run hangs past `limitMs` or crashes outside its awaited promises (an unhandled
 * 'error' event), by a watchdog that drops it and exits 1.
 */
export async function startBenchRun(
  bench: string,
  limitMs: number,
  options: { readonly onSignal?: 'abort' | 'exit' } = {},
): Promise<BenchRun> {
  const controller = new AbortController();
  let database: BenchDatabase | null = null;
  const bail = (message: string, error?: unknown) => {
    console.error(message, error ?? '');
    void (database ? dropBenchDatabase(database.name) : Promise.resolve())
      .catch(() => undefined)
      .finally(() => process.exit(1));
  };
  const onSignal = () =>
    options.onSignal === 'exit'
      ? bail(`bench:${bench}: interrupted, dropping the database`)
      : controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const created = await createBenchDatabase();
  database = created;
  const watchdog = setTimeout(
    () => bail(`bench:${bench}: no result after ${Math.round(limitMs / 1000)} s, dropping ${created.name}`),
    limitMs,
  );
  watchdog.unref();
  const onCrash = (error: unknown) => bail(`bench:${bench} crashed:`, error);
  process.on('uncaughtException', onCrash);
  return {
    database: created,
    signal: controller.signal,
    async finish() {
      clearTimeout(watchdog);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('uncaughtException', onCrash);
      await created.drop().catch((error: unknown) => {
        console.error(`bench:${bench}: could not drop ${created.name}:`, error);
        process.exitCode = 1;
      });
    },
  };
}
