import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import { decideAction, decideOutcome } from './ticket-actions.ts';
import type { TicketCommand } from './ticket-commands.ts';
import { escalationEvents } from './ticket-escalation.ts';
import type { TicketEvent } from './ticket-event.ts';
import { changeEvents, openedEvents } from './ticket-observation.ts';
import { normalizeTicketSnapshot } from './ticket-snapshot.ts';
import { type TicketState, evolveTicket } from './ticket-state.ts';

/** `events`, then the escalations the state after them has come to at `now`. */
function withEscalations(
  state: TicketState,
  events: TicketEvent[],
  now: string,
  warn: number,
): TicketEvent[] {
  const after = events.reduce(evolveTicket, state);
  return after.status === 'known' ? [...events, ...escalationEvents(after.ticket, now, warn)] : events;
}

/**
 * An OTRS ticket as TBot sees it (`otrs-ticket-<TicketID>`): observations from the webhook and the poller
 * become the change events between what the stream knew and the snapshot (once, whichever source sees the
 * change first); escalations are announced once each; agents' actions are asked for here and their outcome
 * recorded by the OTRS actions reactor.
 */
export const ticketDecider: Decider<TicketCommand, TicketEvent, TicketState> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveTicket,

  decide: (command, state) => {
    const now = command.metadata.occurredAt;
    switch (command.type) {
      case 'RecordTicketObservation': {
        const snapshot = normalizeTicketSnapshot(command.data.snapshot);
        const events =
          state.status === 'known' ? changeEvents(state.ticket, snapshot) : openedEvents(snapshot);
        return withEscalations(state, events, now, command.data.warnBeforeSeconds);
      }
      case 'CheckTicketEscalations': {
        if (state.status !== 'known') {
          const { ticketId } = command.data;
          throw new DomainError('OTRS_TICKET.NOT_FOUND', `No ticket ${ticketId} is known`, { ticketId });
        }
        return escalationEvents(state.ticket, now, command.data.warnBeforeSeconds);
      }
      case 'TakeTicket':
      case 'AddTicketNote':
      case 'ReassignTicket':
      case 'CloseTicket':
        return decideAction(command, state);
      case 'RecordTicketActionOutcome':
        return decideOutcome(command, state);
      default:
        return assertNever(command);
    }
  },
};
