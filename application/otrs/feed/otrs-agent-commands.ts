import { type OtrsAgentCommand, otrsAgentDecider, otrsAgentStreamId } from '../../../domain/otrs/index.ts';
import { type CommandContext, handleOptions, makeCommandHandler } from '../../commands/index.ts';
import type { UnsentCommand } from '../../monitoring/unsent-command.ts';
import type { EventStore } from '../../ports/index.ts';

/** The commands on `otrs-agent-<UserID>`: the login the feed saw for an agent id on a ticket. */
export function makeOtrsAgentCommands(store: EventStore) {
  const handle = makeCommandHandler({
    store,
    decider: otrsAgentDecider,
    streamId: (c) => otrsAgentStreamId(c.data.agentId),
  });
  return {
    run(command: UnsentCommand<OtrsAgentCommand>, write: CommandContext) {
      return handle({ ...command, metadata: write.metadata }, handleOptions(write));
    },
  };
}
