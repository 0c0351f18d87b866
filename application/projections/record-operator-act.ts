import { type ProjectionOperatorEvent, projectionStreamId } from '../../domain/projections/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import type { AppendResult, Clock, EventStore, IdGenerator } from '../ports/index.ts';
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

/**
 * Appends an operator's act on a projection (rebuild, reset, retry, skip) to the projection's stream, so that
 * the audit log names who did it, when and why. The act is a root command: it starts its own correlation.
 */
export async function recordOperatorAct(
  deps: RecordOperatorActDeps,
  act: OperatorAct,
): Promise<AppendResult> {
  const id = (deps.ids ?? randomIds).newId();
  const reason = act.reason?.trim();
  return deps.store.append(projectionStreamId(act.event.data.projection), [
    {
      type: act.event.type,
      data: act.event.data,
      metadata: {
        actor: act.actor,
        correlationId: id,
        causationId: id,
        source: act.source,
        occurredAt: deps.clock.now().toISOString(),
        ...(reason ? { reason } : {}),
      },
    },
  ]);
}
