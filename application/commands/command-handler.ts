import { type Command, type Decider, type Event, schemaVersionOf } from '../../domain/shared/index.ts';
import type { AppendFence, Checkpoint, EventStore } from '../ports/index.ts';
import { WrongExpectedRevisionError } from '../ports/index.ts';
import { aggregateStream } from './aggregate-stream.ts';

export interface CommandResult<E extends Event> {
  readonly streamId: string;
  /** Revision of the stream's last event, `'no_stream'` when a command on a new stream produced nothing. */
  readonly nextExpectedRevision: number | 'no_stream';
  /** Checkpoint of the append, for read-your-writes; `null` when nothing was appended. */
  readonly checkpoint: Checkpoint | null;
  readonly events: readonly E[];
  /** True when the idempotency key had been seen: the first result is returned, nothing is appended. */
  readonly duplicate: boolean;
}

export interface HandleOptions {
  /** Telegram `update_id`, HTTP `Idempotency-Key`: a retried command appends nothing twice. */
  readonly idempotencyKey?: string;
  /** The append is written only while this partition epoch holds (see `AppendOptions.fence`). */
  readonly fence?: AppendFence;
}

export interface CommandHandlerDeps<C extends Command, E extends Event, S> {
  readonly store: EventStore;
  readonly decider: Decider<C, E, S>;
  readonly streamId: (command: C) => string;
  /** Attempts after a concurrency conflict before giving up; each re-reads the stream. */
  readonly maxRetries?: number;
}

/**
 * Makes the handler of one aggregate's commands: read the stream, fold it, decide, append with the expected
 * revision; on a conflict, do it again on fresh state, a bounded number of times.
 */
export function makeCommandHandler<C extends Command, E extends Event, S>(
  deps: CommandHandlerDeps<C, E, S>,
): (command: C, options?: HandleOptions) => Promise<CommandResult<E>> {
  const { store, decider, maxRetries = 5 } = deps;

  return async (command, options = {}) => {
    const streamId = deps.streamId(command);
    if (options.idempotencyKey !== undefined) {
      const previous = await store.findAppend(options.idempotencyKey);
      if (previous) {
        return {
          streamId,
          nextExpectedRevision: previous.nextExpectedRevision,
          checkpoint: previous.checkpoint,
          events: [],
          duplicate: true,
        };
      }
    }

    for (let attempt = 0; ; attempt += 1) {
      const { state, expectedRevision } = await aggregateStream(store, decider, streamId);
      const events = decider.decide(command, state);
      if (events.length === 0) {
        return {
          streamId,
          nextExpectedRevision: expectedRevision,
          checkpoint: null,
          events,
          duplicate: false,
        };
      }
      try {
        const result = await store.append(
          streamId,
          events.map((event) => ({
            type: event.type,
            data: event.data,
            metadata: command.metadata,
            schemaVersion: schemaVersionOf(decider.schemaVersions, event.type),
          })),
          {
            expectedRevision,
            ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
            ...(options.fence === undefined ? {} : { fence: options.fence }),
          },
        );
        return {
          streamId,
          nextExpectedRevision: result.nextExpectedRevision,
          checkpoint: result.checkpoint,
          events: result.duplicate ? [] : events,
          duplicate: result.duplicate,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxRetries) throw error;
      }
    }
  };
}
