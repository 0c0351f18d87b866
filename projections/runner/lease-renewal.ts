import type { Lease, ProjectionState } from '../../application/ports/index.ts';
import type { RunnerContext } from './runner-context.ts';
import { renewalIntervalMs } from './runner-settings.ts';

/**
 * True when the projection is owned under another epoch than `epoch` (an operator's reset or rebuild, or
 * another node); `epoch` below 0 means not claimed yet.
 */
export const takenOver = (epoch: number, current: ProjectionState | null): boolean =>
  epoch >= 0 && current !== null && current.epoch !== epoch;

/**
 * Renews the lease every third of its time-to-live while `owned` runs, and notices while idle that an operator's
 * reset or rebuild moved the epoch: either way it logs why and aborts `owned`. Returns the function that stops
 * the renewal.
 */
export function renewWhileOwned(
  ctx: RunnerContext,
  projection: string,
  lease: Lease,
  epoch: () => number,
  owned: AbortController,
): () => void {
  const check = async (): Promise<string | null> => {
    if (!(await lease.renew())) return 'projection lease lost; stepping down';
    const current = await ctx.projectionStore.read(projection);
    if (takenOver(epoch(), current)) return 'projection taken over (reset, rebuild or another node)';
    return null;
  };
  const renewal = setInterval(() => {
    check().then(
      (reason) => {
        if (reason && !owned.signal.aborted) {
          ctx.logger.warn({ projection, epoch: epoch() }, reason);
          owned.abort();
        }
      },
      () => undefined,
    );
  }, renewalIntervalMs(ctx.settings));
  return () => clearInterval(renewal);
}
