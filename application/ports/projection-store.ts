import type { Checkpoint } from './checkpoint.ts';
import type { NewEvent, RecordedEvent } from './event-store.ts';
import type { ProjectionTransaction, Projector } from './projector.ts';

export type ProjectionStatus = 'running' | 'parked';

/** A projection's row in `projections.checkpoints`. */
export interface ProjectionState {
  readonly name: string;
  /** Version of the projector that built the live tables. */
  readonly version: number;
  /** Fencing token: bumped by every node that takes the projection over. */
  readonly epoch: number;
  readonly owner: string | null;
  /** Last applied event's checkpoint; `null` before the first. */
  readonly checkpoint: Checkpoint | null;
  readonly status: ProjectionStatus;
  readonly eventsApplied: number;
  readonly parked: ParkedEvent | null;
  readonly rebuildStartedAt: Date | null;
  readonly updatedAt: Date;
}

export interface ParkedEvent {
  readonly checkpoint: Checkpoint;
  readonly eventType: string;
  readonly error: string;
  readonly at: Date;
}

/** Where a rebuild stands when it switches: the checkpoint its tables reflect, and how many events. */
export interface RebuildPosition {
  readonly checkpoint: Checkpoint | null;
  readonly eventsApplied: number;
}

/** Ownership of a projection after winning its lease: the epoch fences every write made under it. */
export interface Claim {
  readonly epoch: number;
  readonly state: ProjectionState;
}

/** What a batch moves the checkpoint from and to; the update is a compare-and-set on both and the epoch. */
export interface BatchFence {
  readonly epoch: number;
  readonly expected: Checkpoint | null;
  readonly next: Checkpoint;
  readonly events: number;
}

/**
 * A projection's rebuild lock, held for the whole rebuild by one database session: a second rebuild of the same
 * projection is refused while it is held, and it goes with the session if the process dies.
 */
export interface RebuildLock {
  readonly projection: string;
  /** The database session that holds it; the switch checks, in its own transaction, that it still does. */
  readonly sessionId: number;
  /** Releases the lock and its session; safe to call twice. */
  release(): Promise<void>;
}

/** What a rebuild's switch must still hold for it to go through; otherwise nothing is switched. */
export interface SwitchGuard {
  readonly lock: RebuildLock;
  /** A runner's rebuild: the epoch it owns the projection under (only the lease owner switches). */
  readonly epoch?: number;
}

/**
 * The audit event of an operator's act, appended first in the act's own transaction: neither happens without the
 * other.
 */
export interface ActRecord {
  readonly streamId: string;
  readonly event: NewEvent;
}

/** The storage side of projections: checkpoints, fencing, and transactions over the read-model tables. */
export interface ProjectionStore {
  /** Creates the live tables and the checkpoint row of a projector that has none yet. */
  register(projector: Projector): Promise<ProjectionState>;
  /** Bumps the epoch and records the owner; the returned epoch is the fencing token. */
  claim(name: string, owner: string): Promise<Claim>;
  /**
   * Runs `work` and the fenced checkpoint update in one transaction. `false`: the fence refused it (another
   * owner, or a checkpoint moved under us) and nothing was written.
   * @throws {TransientStoreError} when the database is unreachable; other errors come from `work`.
   */
  applyBatch(
    name: string,
    fence: BatchFence,
    work: (trx: ProjectionTransaction) => Promise<void>,
  ): Promise<boolean>;
  /** Parks the projection on a failing event, fenced like a batch. */
  park(name: string, epoch: number, event: Omit<ParkedEvent, 'at'>): Promise<boolean>;
  /** Unparks a parked projection so that its owner tries the failing event again; false if not parked. */
  retry(name: string, record?: ActRecord): Promise<boolean>;
  /**
   * Moves a parked projection past its failing event, which must be at `position` (so an operator skips only
   * what they saw); returns the skipped event, or `null` when the projection is not parked there.
   */
  skipParkedEvent(name: string, position: bigint, record?: ActRecord): Promise<ParkedEvent | null>;
  read(name: string): Promise<ProjectionState | null>;
  /** Takes the projection's rebuild lock, or `null` when another rebuild holds it. */
  tryLockRebuild(name: string): Promise<RebuildLock | null>;
  /**
   * Drops any leftover rebuild tables, creates fresh ones (without secondary indexes) beside the live ones, and
   * marks the rebuild started.
   */
  prepareRebuild(projector: Projector): Promise<void>;
  /** Builds the rebuild tables' secondary indexes, once loaded, before the switch (queries still read live). */
  indexRebuild(projector: Projector): Promise<void>;
  /** Applies events to the rebuild tables; only the rebuild writes them, so no fence is needed. */
  applyRebuildBatch(projector: Projector, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Switches atomically in one transaction: locks the live tables (readers and the live owner wait), lets
   * `catchUp` apply the last events to the rebuild tables, replaces the live tables with them, and moves the
   * checkpoint and version, bumping the epoch so that the live owner's batch in flight is refused. `false`: the
   * guard no longer held (the lock's session is gone, or another node took the projection over) and nothing
   * was switched.
   */
  switchRebuild(
    projector: Projector,
    catchUp: (trx: ProjectionTransaction) => Promise<RebuildPosition>,
    guard: SwitchGuard,
  ): Promise<boolean>;
  /** Empties the live read model and its checkpoint: the owner replays the log into it from the start. */
  reset(projector: Projector, record?: ActRecord): Promise<void>;
  list(): Promise<ProjectionState[]>;
}

/** The database is unreachable or refused for a reason unrelated to the events: retry, never park. */
export class TransientStoreError extends Error {
  override readonly name = 'TransientStoreError';
  readonly code = 'PROJECTIONS.STORE_UNAVAILABLE';
}
