import { sleep } from '../abortable-sleep.ts';
import type { RunnerContext } from './runner-context.ts';

/** Looks every `idlePollMs` until an operator's retry or skip released the parked projection, or `signal`. */
export async function waitWhileParked(ctx: RunnerContext, name: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const state = await ctx.projectionStore.read(name);
    if (state?.status !== 'parked') {
      ctx.metrics.parked(name, false);
      return;
    }
    await sleep(ctx.settings.idlePollMs, signal);
  }
}
