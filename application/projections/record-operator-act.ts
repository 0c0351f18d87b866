import { type ProjectionOperatorEvent, projectionStreamId } from '../../domain/projections/index.ts';
import type { Actor, EventMetadata } from '../../domain/shared/index.ts';
import { commandContext } from '../commands/index.ts';
import type { AppendResult, Clock, EventStore, IdGenerator, NewEvent } from '../ports/index.ts';
import { randomIds } from '../ports/index.ts';

export interface RecordOperatorActDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  /** Correlation ids; random UUIDs unless a test fixes them. */
  readonly ids?: IdGenerator;
}

export interface OperatorAct {
  readonly event: ProjectionOperatorEvent;
  readonly actor: Actor;
  /** The interface the operator used: `cli`, `http`. */
  readonly source: string;
  /** Why, in the operator's words; goes into the metadata (and the audit log's summary). */
  readonly reason?: string;
}

/** An operator's act as the event to append to its projection's stream (in the act's own transaction). */
export interface OperatorRecord {
  readonly streamId: string;
  readonly event: NewEvent;
}

/**
 * The metadata of an operator's act (on a projection, on the whole log): a root command, it starts its own
 * correlation; the operator's reason, trimmed, when they gave one.
 */
export function operatorActMetadata(
  deps: Omit<RecordOperatorActDeps, 'store'>,
  act: Pick<OperatorAct, 'actor' | 'source' | 'reason'>,
): EventMetadata {
  const reason = act.reason?.trim();
  return commandContext({
    actor: act.actor,
    source: act.source,
    correlationId: (deps.ids ?? randomIds).newId(),
    occurredAt: deps.clock.now(),
    ...(reason ? { reason } : {}),
  }).metadata;
}

/** The event of an operator's act on a projection. */
export function operatorRecord(deps: Omit<RecordOperatorActDeps, 'store'>, act: OperatorAct): OperatorRecord {
  return {
    streamId: projectionStreamId(act.event.data.projection),
    event: { type: act.event.type, data: act.event.data, metadata: operatorActMetadata(deps, act) },
  };
}

/**
 * Appends an operator's act on a projection (rebuild, reset, retry, skip) to the projection's stream, so that
 * the audit log names who did it, when and why. For an act done first (a rebuild); retry, skip and reset append
 * their `operatorRecord` in the act's own transaction instead.
 */
export async function recordOperatorAct(
  deps: RecordOperatorActDeps,
  act: OperatorAct,
): Promise<AppendResult> {
  const record = operatorRecord(deps, act);
  return deps.store.append(record.streamId, [record.event]);
}
