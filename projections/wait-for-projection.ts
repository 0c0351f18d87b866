import { type Checkpoint, type ProjectionStore, compareCheckpoints } from '../application/ports/index.ts';
import { sleep } from './abortable-sleep.ts';

/**
 * Read-your-writes: resolves `true` once projection `name` has applied up to `checkpoint` (the checkpoint an
 * append returned), `false` after `timeoutMs`. Wait only on projections that handle the appended event types:
 * a projection that filters them out never reaches that checkpoint.
 */
export async function waitForProjection(
  store: ProjectionStore,
  name: string,
  checkpoint: Checkpoint,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let pollMs = 5; ; pollMs = Math.min(pollMs * 2, 100)) {
    const state = await store.read(name);
    if (state?.checkpoint && compareCheckpoints(state.checkpoint, checkpoint) >= 0) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(pollMs, left));
  }
}
