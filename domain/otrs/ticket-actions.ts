import { DomainError, assertNever } from '../shared/index.ts';
import { type OtrsAgentRef, requireActiveAgent } from './agent-ref.ts';
import { externalText, typedText } from './otrs-text.ts';
import { otrsTicketSubject } from './personal-subjects.ts';
import type { TicketAction, TicketActionEvent, TicketActionKind } from './ticket-action-events.ts';
import type { RecordTicketActionOutcome, TicketActionCommand } from './ticket-commands.ts';
import { normalizeNoteText } from './ticket-note.ts';
import { isClosedStateType } from './ticket-snapshot.ts';
import type { ActionRecord, KnownTicket, TicketState } from './ticket-state.ts';

/** How much of OTRS's error text an outcome keeps (enough for the agent to read; OTRS may answer a page). */
export const MAX_OTRS_ERROR_LENGTH = 500;

type Known = Extract<TicketState, { status: 'known' }>;

const closed = (ticket: KnownTicket) =>
  new DomainError('OTRS_TICKET.ALREADY_CLOSED', `Ticket ${ticket.number} is closed`, {
    ticketId: ticket.ticketId,
  });

const pendingOrDone = (actions: Readonly<Record<string, ActionRecord>>, kind: TicketActionKind) =>
  Object.values(actions).filter((action) => action.kind === kind && action.status !== 'failed');

/** Refuses a take of a ticket another agent holds: locked by them in OTRS, or being taken through TBot. */
function checkTake(state: Known, agent: OtrsAgentRef): 'mine' | 'free' {
  const { ticket } = state;
  const me = agent.telegramUserId;
  const lockedBy = ticket.lock === 'unlock' ? null : ticket.ownerId;
  if (lockedBy !== null && lockedBy === agent.agentId) return 'mine';
  const pending = Object.values(state.actions).filter((a) => a.kind === 'take' && a.status === 'pending');
  if (pending.some((take) => take.requestedBy === me)) return 'mine';
  const other = pending.find((take) => take.requestedBy !== me);
  // With my own OTRS id unknown, a lock cannot be told mine or not: OTRS decides.
  if (other || (lockedBy !== null && agent.agentId !== null)) {
    throw new DomainError('OTRS_TICKET.TAKEN_BY_OTHER', `Ticket ${ticket.number} is taken by another agent`, {
      ticketId: ticket.ticketId,
      ...(other ? { telegramUserId: other.requestedBy } : { agentId: lockedBy }),
    });
  }
  return 'free';
}

/** The action to ask for, or `null` when the ticket is already where it would take it. */
function actionOf(command: TicketActionCommand, state: Known): TicketAction | null {
  const { ticket } = state;
  switch (command.type) {
    case 'TakeTicket':
      if (isClosedStateType(ticket.state.stateType)) throw closed(ticket);
      return checkTake(state, command.data.agent) === 'mine' ? null : { kind: 'take' };
    case 'AddTicketNote':
      // A closed ticket still takes notes in OTRS (a late remark on a solved case).
      return { kind: 'note', text: normalizeNoteText(command.data.text) };
    case 'ReassignTicket': {
      if (isClosedStateType(ticket.state.stateType)) throw closed(ticket);
      const { to } = command.data;
      if (to.kind === 'queue') {
        const queue = typedText(to.queue, 200, 'OTRS_TICKET.INVALID_QUEUE', 'queue');
        return queue === ticket.queue.name ? null : { kind: 'reassign', to: { kind: 'queue', queue } };
      }
      if (to.agent.link === 'none') {
        throw new DomainError(
          'OTRS_AGENT.TARGET_NOT_LINKED',
          'A ticket is reassigned to a linked agent only',
          {
            telegramUserId: to.agent.telegramUserId,
          },
        );
      }
      if (to.agent.agentId !== null && to.agent.agentId === ticket.ownerId) return null;
      return { kind: 'reassign', to: { kind: 'agent', telegramUserId: to.agent.telegramUserId } };
    }
    case 'CloseTicket': {
      if (isClosedStateType(ticket.state.stateType)) throw closed(ticket);
      const closeState = typedText(command.data.state, 200, 'OTRS_TICKET.INVALID_STATE', 'state');
      return pendingOrDone(state.actions, 'close').length > 0 ? null : { kind: 'close', state: closeState };
    }
    default:
      return assertNever(command);
  }
}

/**
 * An agent's action on a known ticket: refused when the agent cannot act or the ticket is past it, nothing
 * when the same update asked already or the ticket is already there (a button pressed twice), else
 * `TicketActionRequested` for the OTRS actions reactor.
 */
export function decideAction(command: TicketActionCommand, state: TicketState): TicketActionEvent[] {
  const { ticketId, actionId, agent } = command.data;
  if (state.status !== 'known') {
    throw new DomainError('OTRS_TICKET.NOT_FOUND', `No ticket ${ticketId} is known`, { ticketId });
  }
  if (state.actions[actionId]) return [];
  requireActiveAgent(agent);
  const action = actionOf(command, state);
  if (action === null) return [];
  const subjectId = state.ticket.subjectId ?? otrsTicketSubject(ticketId);
  const requestedBy = agent.telegramUserId;
  return [{ type: 'TicketActionRequested', data: { ticketId, actionId, requestedBy, subjectId, action } }];
}

/**
 * What OTRS answered an action: recorded once (the reactor is at-least-once, so a second answer to a settled
 * action changes nothing); an action nobody asked is refused.
 */
export function decideOutcome(command: RecordTicketActionOutcome, state: TicketState): TicketActionEvent[] {
  const { ticketId, actionId, outcome } = command.data;
  const action = state.status === 'known' ? state.actions[actionId] : undefined;
  if (!action) {
    throw new DomainError('OTRS_TICKET.ACTION_NOT_FOUND', `No action ${actionId} on ticket ${ticketId}`, {
      ticketId,
      actionId,
    });
  }
  if (action.status !== 'pending') return [];
  const { kind, requestedBy } = action;
  if (outcome.ok) return [{ type: 'TicketActionSucceeded', data: { ticketId, actionId, kind, requestedBy } }];
  const code = externalText(outcome.code, 100) ?? 'OTRS.UNKNOWN';
  const message = externalText(outcome.message, MAX_OTRS_ERROR_LENGTH);
  return [
    { type: 'TicketActionFailed', data: { ticketId, actionId, kind, requestedBy, error: { code, message } } },
  ];
}
