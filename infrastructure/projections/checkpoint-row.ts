import type { Checkpoint, ProjectionState, ProjectionStatus } from '../../application/ports/index.ts';

/** A row of `projections.checkpoints` as pg returns it (int8 and xid8 as strings). */
export interface CheckpointRow {
  name: string;
  version: number;
  epoch: string;
  owner: string | null;
  transaction_id: string;
  position: string;
  status: ProjectionStatus;
  events_applied: string;
  parked_position: string | null;
  parked_transaction_id: string | null;
  parked_event_type: string | null;
  parked_error: string | null;
  parked_at: Date | null;
  rebuild_started_at: Date | null;
  updated_at: Date;
}

/** The zero checkpoint stands for "nothing applied yet". */
export function checkpointOf(transactionId: string, position: string): Checkpoint | null {
  const checkpoint = { transactionId: BigInt(transactionId), position: BigInt(position) };
  return checkpoint.position === 0n ? null : checkpoint;
}

export function toProjectionState(row: CheckpointRow): ProjectionState {
  const parkedAt = row.parked_at;
  return {
    name: row.name,
    version: row.version,
    epoch: Number(row.epoch),
    owner: row.owner,
    checkpoint: checkpointOf(row.transaction_id, row.position),
    status: row.status,
    eventsApplied: Number(row.events_applied),
    parked:
      parkedAt && row.parked_position && row.parked_transaction_id
        ? {
            checkpoint: {
              transactionId: BigInt(row.parked_transaction_id),
              position: BigInt(row.parked_position),
            },
            eventType: row.parked_event_type ?? '',
            error: row.parked_error ?? '',
            at: parkedAt,
          }
        : null,
    rebuildStartedAt: row.rebuild_started_at,
    updatedAt: row.updated_at,
  };
}
