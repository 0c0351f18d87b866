import type { TicketActionEvent } from './ticket-action-events.ts';
import type { TicketEscalationEvent, TicketObservedEvent } from './ticket-events.ts';

/** Every event of an `otrs-ticket-<TicketID>` stream. */
export type TicketEvent = TicketObservedEvent | TicketEscalationEvent | TicketActionEvent;

/** Every type once: a type added to the union does not compile until it is named here too. */
const TYPES: Readonly<Record<TicketEvent['type'], true>> = {
  TicketOpened: true,
  TicketTitleChanged: true,
  TicketCustomerChanged: true,
  TicketStateChanged: true,
  TicketQueueChanged: true,
  TicketPriorityChanged: true,
  TicketOwnerChanged: true,
  TicketResponsibleChanged: true,
  TicketLockChanged: true,
  TicketArticleAdded: true,
  TicketEscalationTimesChanged: true,
  TicketTouched: true,
  TicketEscalationNear: true,
  TicketEscalated: true,
  TicketActionRequested: true,
  TicketActionSucceeded: true,
  TicketActionFailed: true,
};

export const TICKET_EVENT_TYPES = Object.keys(TYPES) as readonly TicketEvent['type'][];
