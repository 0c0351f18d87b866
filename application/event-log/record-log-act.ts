import { EVENT_LOG_STREAM, type EventLogOperatorEvent } from '../../domain/event-log/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import type { AppendResult, Clock, EventStore, IdGenerator } from '../ports/index.ts';
import { operatorActMetadata } from '../projections/index.ts';

export interface RecordLogActDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids?: IdGenerator;
}

export interface LogAct {
  readonly event: EventLogOperatorEvent;
  readonly actor: Actor;
  readonly source: string;
  readonly reason?: string;
}

/**
 * Appends an operator's act on the log as a whole (a renumber, a copy) to stream `event-log`, so that the
 * audit log names who did it, when and why. A root command: it starts its own correlation.
 */
export async function recordLogAct(deps: RecordLogActDeps, act: LogAct): Promise<AppendResult> {
  return deps.store.append(EVENT_LOG_STREAM, [
    { type: act.event.type, data: act.event.data, metadata: operatorActMetadata(deps, act) },
  ]);
}
