import type { Probe, ProbeResult } from '../../../application/ports/probe.ts';
import { down } from './probe-outcome.ts';

/** A probe that runs at most `maxInFlight` checks at once on this node, and says how busy it is. */
export interface ConcurrencyLimitedProbe extends Probe {
  /** Checks running now. */
  inFlight(): number;
  /** Checks waiting for a free slot (for the scheduler's "checks running late" signal). */
  waiting(): number;
}

/**
 * Bounds the outgoing checks of one node: a burst of 2,000 due checks opens at most `maxInFlight` sockets
 * or ping processes, the rest wait in arrival order. A check's timeout starts when it gets its slot, so
 * waiting never turns into a false "timed out"; one aborted while waiting leaves the queue at once.
 */
export function withConcurrencyLimit(probe: Probe, maxInFlight: number): ConcurrencyLimitedProbe {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
    throw new RangeError('maxInFlight must be a positive integer');
  let running = 0;
  const queue: Array<() => void> = [];

  const release = () => {
    const next = queue.shift();
    if (next === undefined) running -= 1;
    else next();
  };

  const slot = (signal: AbortSignal | undefined): Promise<boolean> => {
    if (signal?.aborted === true) return Promise.resolve(false);
    if (running < maxInFlight) {
      running += 1;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const take = () => {
        signal?.removeEventListener('abort', leave);
        resolve(true);
      };
      const leave = () => {
        const index = queue.indexOf(take);
        if (index >= 0) queue.splice(index, 1);
        resolve(false);
      };
      queue.push(take);
      signal?.addEventListener('abort', leave, { once: true });
    });
  };

  return {
    async run(check, limits, signal): Promise<ProbeResult> {
      if (!(await slot(signal))) return down('aborted');
      try {
        return await probe.run(check, limits, signal);
      } finally {
        release();
      }
    },
    inFlight: () => running,
    waiting: () => queue.length,
  };
}
