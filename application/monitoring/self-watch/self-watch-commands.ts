import {
  type SelfCheckCondition,
  type SelfCheckDetail,
  type SelfWatchEvent,
  type SelfWatchState,
  selfCheckSubject,
  selfWatchDecider,
  selfWatchStreamId,
} from '../../../domain/monitoring/index.ts';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import { type CommandResult, aggregateStream, makeCommandHandler } from '../../commands/index.ts';
import type { EventStore } from '../../ports/index.ts';

/**
 * The idempotency key of a self-check's change: one per (condition, subject, episode) and edge, so that two
 * nodes, a retried run or a restart raise an episode once and end it once, on either event store.
 */
export function selfCheckIdempotencyKey(
  condition: SelfCheckCondition,
  subject: string,
  state: SelfWatchState,
): string {
  const base = `monitoring:self:${condition}:${subject}`;
  return state.status === 'clear'
    ? `${base}:${state.episodes + 1}:failed`
    : `${base}:${state.episodes}:recovered`;
}

/** The self-checks' commands: what the self-watch saw of each condition. */
export function makeSelfWatchCommands(deps: { readonly store: EventStore }) {
  const { store } = deps;
  const handle = makeCommandHandler({
    store,
    decider: selfWatchDecider,
    streamId: (c) => selfWatchStreamId(c.data.condition, selfCheckSubject(c.data.subject)),
  });
  return {
    /**
     * Records what `failing` changes on the condition of `subject` (usually nothing: it is read first, and only a
     * change is appended, with the episode's key).
     */
    async observe(
      condition: SelfCheckCondition,
      subject: string,
      failing: SelfCheckDetail | null,
      metadata: EventMetadata,
      /** The subject is no more (a node gone): ends a failing episode. */
      gone = false,
    ): Promise<CommandResult<SelfWatchEvent>> {
      const bounded = selfCheckSubject(subject);
      const streamId = selfWatchStreamId(condition, bounded);
      const command = {
        type: 'ObserveSelfCheck',
        data: { condition, subject: bounded, failing, gone },
        metadata,
      } as const;
      const { state, expectedRevision } = await aggregateStream(store, selfWatchDecider, streamId);
      if (selfWatchDecider.decide(command, state).length === 0) {
        return {
          streamId,
          nextExpectedRevision: expectedRevision,
          checkpoint: null,
          events: [],
          duplicate: false,
        };
      }
      return handle(command, { idempotencyKey: selfCheckIdempotencyKey(condition, bounded, state) });
    },
  };
}

export type SelfWatchCommands = ReturnType<typeof makeSelfWatchCommands>;
