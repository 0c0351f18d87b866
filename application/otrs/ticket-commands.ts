import {
  type TicketCommand,
  type TicketEvent,
  otrsTicketStreamId,
  ticketDecider,
} from '../../domain/otrs/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { UnsentCommand } from '../monitoring/unsent-command.ts';
import type { EventStore } from '../ports/index.ts';

export type TicketCommandResult = CommandResult<TicketEvent>;

/**
 * The commands on one OTRS ticket's stream (`otrs-ticket-<TicketID>`): the feed's observations, the
 * escalation timer's checks, the agents' actions and the actions reactor's outcomes. One handler for all of
 * them, so that whichever source sees a change first records it and the others find nothing left to record.
 */
export function makeTicketCommands(store: EventStore) {
  const handle = makeCommandHandler({
    store,
    decider: ticketDecider,
    streamId: (c) =>
      otrsTicketStreamId(c.type === 'RecordTicketObservation' ? c.data.snapshot.ticketId : c.data.ticketId),
  });
  return {
    run(command: UnsentCommand<TicketCommand>, write: CommandContext): Promise<TicketCommandResult> {
      return handle({ ...command, metadata: write.metadata }, handleOptions(write));
    },
  };
}

export type TicketCommands = ReturnType<typeof makeTicketCommands>;
