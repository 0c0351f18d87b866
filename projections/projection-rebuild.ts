import {
  type Checkpoint,
  type EventStore,
  type ProjectionStore,
  type Projector,
  type ReadAllOptions,
  type RebuildLock,
  rebuildTables,
} from '../application/ports/index.ts';

export interface RebuildProgress {
  readonly eventsApplied: number;
  /** Position of the last event applied, and of the log's head when the rebuild started. */
  readonly position: bigint;
  readonly headPosition: bigint;
}

export interface RebuildOptions {
  readonly projector: Projector;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  /** Events per transaction while catching up. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly signal?: AbortSignal;
  /** A runner's rebuild: the epoch it owns the projection under; the switch is refused if that moved. */
  readonly epoch?: number;
}

export interface RebuildResult {
  readonly eventsApplied: number;
  readonly checkpoint: Checkpoint | null;
  readonly durationMs: number;
}

export class RebuildAbortedError extends Error {
  override readonly name = 'RebuildAbortedError';
  readonly code = 'PROJECTIONS.REBUILD_ABORTED';
}

/** Another rebuild of the projection holds its lock: this one did nothing. */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
  readonly code = 'PROJECTIONS.REBUILD_RUNNING';
  constructor(readonly projection: string) {
    super(`another rebuild of ${projection} is running: this one was refused and did nothing`);
  }
}

/** The switch found its guard gone (lock session lost, or another owner's epoch): the live one is untouched. */
export class RebuildFencedError extends Error {
  override readonly name = 'RebuildFencedError';
  readonly code = 'PROJECTIONS.REBUILD_FENCED';
}

/**
 * Rebuilds a read model from the whole log beside the live one, which keeps serving, then switches to it in
 * one transaction (DESIGN.md, "Projections"). Aborting before the switch leaves the live read model as it was.
 * Exclusive: the projection's rebuild lock is held throughout, so a second rebuild cannot drop these tables
 * mid-load.
 * @throws {RebuildInProgressError} when another rebuild holds the lock (nothing was done).
 * @throws {RebuildFencedError} when the switch no longer holds the lock or the epoch (nothing was switched).
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const lock = await options.projectionStore.tryLockRebuild(options.projector.name);
  if (!lock) throw new RebuildInProgressError(options.projector.name);
  try {
    return await rebuildLocked(options, lock);
  } finally {
    await lock.release();
  }
}

async function rebuildLocked(options: RebuildOptions, lock: RebuildLock): Promise<RebuildResult> {
  const { projector, eventStore, projectionStore, signal } = options;
  const started = performance.now();
  const batchSize = options.batchSize ?? 5000;
  const readOptions: ReadAllOptions = {
    maxCount: batchSize,
    ...(projector.eventTypes.length > 0 ? { filter: { eventTypes: projector.eventTypes } } : {}),
  };
  const headPosition = (await eventStore.headCheckpoint())?.position ?? 0n;

  await projectionStore.register(projector);
  await projectionStore.prepareRebuild(projector);
  let checkpoint: Checkpoint | null = null;
  let eventsApplied = 0;
  for (;;) {
    if (signal?.aborted)
      throw new RebuildAbortedError(`Rebuild of ${projector.name} aborted; the live one is untouched`);
    const batch = await eventStore.readAll(checkpoint, readOptions);
    const last = batch.at(-1);
    if (!last) break;
    await projectionStore.applyRebuildBatch(projector, batch);
    checkpoint = last.checkpoint;
    eventsApplied += batch.length;
    options.onProgress?.({ eventsApplied, position: last.position, headPosition });
    if (batch.length < batchSize) break;
  }

  // Indexes once, after loading, and outside the switch's lock: the live read model keeps serving meanwhile.
  await projectionStore.indexRebuild(projector);
  const tables = rebuildTables(projector);
  let finalCheckpoint = checkpoint;
  const guard = { lock, ...(options.epoch === undefined ? {} : { epoch: options.epoch }) };
  const switched = await projectionStore.switchRebuild(
    projector,
    async (trx) => {
      // What was appended since the last batch goes in under the lock, so the switch misses nothing.
      for (;;) {
        const batch = await eventStore.readAll(finalCheckpoint, readOptions);
        const last = batch.at(-1);
        if (!last) break;
        await projector.apply(batch, trx, tables);
        finalCheckpoint = last.checkpoint;
        eventsApplied += batch.length;
      }
      return { checkpoint: finalCheckpoint, eventsApplied };
    },
    guard,
  );
  if (!switched)
    throw new RebuildFencedError(
      `Rebuild of ${projector.name} lost its lock or its ownership before the switch; the live one is untouched`,
    );
  return { eventsApplied, checkpoint: finalCheckpoint, durationMs: Math.round(performance.now() - started) };
}
