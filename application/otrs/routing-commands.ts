import {
  OTRS_ROUTING_STREAM_ID,
  type OtrsRoutingEvent,
  type OtrsRoutingRule,
  otrsRoutingDecider,
} from '../../domain/otrs/index.ts';
import {
  type CommandContext,
  type CommandResult,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

export type RoutingRulesResult = CommandResult<OtrsRoutingEvent>;

/**
 * The ticket routing rules (`otrs-routing`): one settings-like stream, read whole from the log (a hundred rules
 * at most), so a read after a write sees it without waiting for any read model.
 */
export function makeRoutingCommands(store: EventStore) {
  const handle = makeCommandHandler({
    store,
    decider: otrsRoutingDecider,
    streamId: () => OTRS_ROUTING_STREAM_ID,
  });
  const rules = async (): Promise<readonly OtrsRoutingRule[]> =>
    (await aggregateStream(store, otrsRoutingDecider, OTRS_ROUTING_STREAM_ID)).state.rules;

  return {
    /** The rules as the log has them now (none until an admin sets some). */
    rules,

    /** Replaces every rule; throws `OTRS_ROUTING.INVALID_RULE` / `OTRS_ROUTING.TOO_MANY_RULES`. */
    set(next: readonly OtrsRoutingRule[], write: CommandContext): Promise<RoutingRulesResult> {
      return handle(
        { type: 'SetOtrsRoutingRules', data: { rules: next }, metadata: write.metadata },
        handleOptions(write),
      );
    },
  };
}

export type RoutingCommands = ReturnType<typeof makeRoutingCommands>;
