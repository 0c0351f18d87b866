import type { Lease, Projector } from '../../application/ports/index.ts';
import { followLog } from './follow-log.ts';
import { renewWhileOwned } from './lease-renewal.ts';
import { builtByNewer, upgradeProjection } from './projector-version.ts';
import type { OwnOutcome, RunnerContext } from './runner-context.ts';
import { waitWhileParked } from './wait-while-parked.ts';

/**
 * Works a projection while this node holds its lease: claims it (a new epoch), then upgrades it, waits while
 * it is parked, or follows the log, until the lease is lost, the epoch moves, or `stopping` aborts.
 */
export async function ownProjection(
  ctx: RunnerContext,
  projector: Projector,
  lease: Lease,
  stopping: AbortSignal,
): Promise<OwnOutcome> {
  const { projectionStore, logger, metrics } = ctx;
  const owned = new AbortController();
  const stop = () => owned.abort();
  stopping.addEventListener('abort', stop, { once: true });
  let epoch = -1;
  // Renew the lease, and notice while idle that an operator's reset or rebuild moved the epoch.
  const stopRenewal = renewWhileOwned(ctx, projector.name, lease, () => epoch, owned);
  try {
    // Checked before the claim too, so that an older node stepping down does not bump the epoch.
    if (builtByNewer(ctx, projector, await projectionStore.read(projector.name))) return 'stepped down';
    const claim = await projectionStore.claim(projector.name, ctx.nodeId);
    const state = claim.state;
    epoch = claim.epoch;
    logger.info(
      { projection: projector.name, epoch, position: String(state.checkpoint?.position ?? 0n) },
      'projection claimed',
    );
    if (builtByNewer(ctx, projector, state)) return 'stepped down';
    if (state.version < projector.version)
      return await upgradeProjection(ctx, projector, epoch, state.version, owned.signal);
    if (state.status === 'parked') {
      metrics.parked(projector.name, true);
      await waitWhileParked(ctx, projector.name, owned.signal);
      return 'done';
    }
    return await followLog(ctx, projector, epoch, state.checkpoint, owned);
  } finally {
    stopRenewal();
    stopping.removeEventListener('abort', stop);
  }
}
