import type { TicketActionEvent } from './ticket-action-events.ts';
import type { TicketEscalationEvent, TicketObservedEvent } from './ticket-events.ts';

/** Every event of an `otrs-ticket-<TicketID>` stream. */
export type TicketEvent = TicketObservedEvent | TicketEscalationEvent | TicketActionEvent;

export const TICKET_EVENT_TYPES: readonly TicketEvent['type'][] = [
  'TicketOpened',
  'TicketTitleChanged',
  'TicketCustomerChanged',
  'TicketStateChanged',
  'TicketQueueChanged',
  'TicketPriorityChanged',
  'TicketOwnerChanged',
  'TicketResponsibleChanged',
  'TicketLockChanged',
  'TicketArticleAdded',
  'TicketEscalationTimesChanged',
  'TicketTouched',
  'TicketEscalationNear',
  'TicketEscalated',
  'TicketActionRequested',
  'TicketActionSucceeded',
  'TicketActionFailed',
];
