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
 * `maxInFlight` may be read live (the `monitoring.probeConcurrency` setting): the bound as it is when a check
 * starts or ends applies (lowered, the checks running finish and no new one starts until below it).
 */
export function withConcurrencyLimit(
  probe: Probe,
  maxInFlight: number | (() => number),
): ConcurrencyLimitedProbe {
  const limit = typeof maxInFlight === 'number' ? () => maxInFlight : maxInFlight;
  if (typeof maxInFlight === 'number' && !validBound(maxInFlight))
    throw new RangeError('maxInFlight must be a positive integer');
  let running = 0;
  const queue: Array<() => void> = [];

  /** Starts the waiting checks the bound now lets run (more of them when it was raised). */
  const drain = () => {
    const bound = limit();
    while (queue.length > 0 && running < (validBound(bound) ? bound : 1)) {
      running += 1;
      queue.shift()?.();
    }
  };

  const release = () => {
    running -= 1;
    drain();
  };

  const slot = (signal: AbortSignal | undefined): Promise<boolean> => {
    if (signal?.aborted === true) return Promise.resolve(false);
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
      drain();
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

const validBound = (bound: number) => Number.isInteger(bound) && bound >= 1;
