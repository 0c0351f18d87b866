import { performance } from 'node:perf_hooks';

export interface MeasureOptions {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly signal?: AbortSignal;
}

export interface Measurement {
  /** Operations completed inside the measured window (after the warm-up). */
  readonly operations: number;
  /** Operations completed in all, warm-up and window alike: what the database must now hold. */
  readonly totalOperations: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** One worker's operation; a worker runs it in a loop, one at a time. */
export type Step = () => Promise<void>;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/**
 * Runs `concurrency` workers, each looping over its step, for a warm-up and then a fixed window; counts the
 * operations that complete inside the window and their latencies. No step starts after the window ends, so
 * it stops by itself; the first error stops every worker and is thrown once all have stopped.
 */
export async function measure(
  options: MeasureOptions,
  makeStep: (worker: number) => Step,
): Promise<Measurement> {
  const steps = Array.from({ length: options.concurrency }, (_, worker) => makeStep(worker));
  const latencies: number[] = [];
  let totalOperations = 0;
  let failure: { error: unknown } | null = null;
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;

  const run = async (step: Step) => {
    while (failure === null && !options.signal?.aborted) {
      const began = performance.now();
      if (began >= windowEnd) return;
      try {
        await step();
      } catch (error) {
        failure ??= { error };
        return;
      }
      const ended = performance.now();
      totalOperations += 1;
      if (ended >= windowStart && ended <= windowEnd) latencies.push(ended - began);
    }
  };
  await Promise.all(steps.map(run));
  if (failure !== null) throw (failure as { error: unknown }).error;
  if (options.signal?.aborted) throw new Error('Interrupted');

  const sorted = Float64Array.from(latencies).sort();
  const seconds = options.durationMs / 1000;
  return {
    operations: latencies.length,
    totalOperations,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}
