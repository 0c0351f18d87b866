import type pg from 'pg';
import type { ProjectionStore } from '../../application/ports/index.ts';
import { applyFencedBatch, parkProjection } from './fenced-writes.ts';
import { resetProjection, retryParked, skipParkedEvent } from './operator-acts.ts';
import {
  claimProjection,
  listProjections,
  readProjection,
  registerProjector,
} from './projection-registration.ts';
import { tryLockRebuild } from './rebuild-lock.ts';
import { applyRebuildBatch, indexRebuild, prepareRebuild, switchRebuild } from './rebuild-writes.ts';

/**
 * Checkpoints and fencing in `projections.checkpoints`, read models in the same database: each part of the
 * store is a file of its own (registration and claims, fenced writes, operator acts, a rebuild's writes).
 */
export function createPostgresProjectionStore(pool: pg.Pool): ProjectionStore {
  return {
    read: (name) => readProjection(pool, name),
    list: () => listProjections(pool),
    register: (projector) => registerProjector(pool, projector),
    claim: (name, owner) => claimProjection(pool, name, owner),
    applyBatch: (name, fence, work) => applyFencedBatch(pool, name, fence, work),
    park: (name, epoch, event) => parkProjection(pool, name, epoch, event),
    retry: (name, record) => retryParked(pool, name, record),
    skipParkedEvent: (name, position, record) => skipParkedEvent(pool, name, position, record),
    reset: (projector, record) => resetProjection(pool, projector, record),
    tryLockRebuild: (name) => tryLockRebuild(pool, name),
    prepareRebuild: (projector) => prepareRebuild(pool, projector),
    indexRebuild: (projector) => indexRebuild(pool, projector),
    applyRebuildBatch: (projector, events) => applyRebuildBatch(pool, projector, events),
    switchRebuild: (projector, catchUp, guard) => switchRebuild(pool, projector, catchUp, guard),
  };
}
