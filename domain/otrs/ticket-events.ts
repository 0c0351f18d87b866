import type { Event } from '../shared/index.ts';
import type {
  EscalationKind,
  EscalationTimes,
  OtrsNamedRef,
  TicketCustomer,
  TicketLock,
} from './ticket-snapshot.ts';

/** A ticket's state as OTRS names it, with its type (what TBot reasons about). */
export interface TicketStateRef {
  readonly state: string;
  readonly stateType: string;
}

/*
 * What TBot saw change on an OTRS ticket, on `otrs-ticket-<TicketID>`. Each carries `changed`: OTRS's time of
 * the change (UTC). Agents are OTRS `UserID`s. `subjectId` names whose key encrypts the event's personal
 * fields (`personal-subjects.ts`); a personal change records only its new value, so that it is under one key.
 */

/** TBot saw the ticket for the first time (OTRS created it at `created`; it may be closed already). */
export type TicketOpened = Event<
  'TicketOpened',
  {
    ticketId: number;
    number: string;
    subjectId: string | null;
    title: string | null;
    customer: TicketCustomer | null;
    state: TicketStateRef;
    queue: OtrsNamedRef;
    priority: OtrsNamedRef;
    lock: TicketLock;
    ownerId: number | null;
    responsibleId: number | null;
    created: string;
    changed: string;
    escalations: EscalationTimes;
  }
>;
export type TicketTitleChanged = Event<
  'TicketTitleChanged',
  { ticketId: number; subjectId: string; title: string | null; changed: string }
>;
export type TicketCustomerChanged = Event<
  'TicketCustomerChanged',
  { ticketId: number; subjectId: string; customer: TicketCustomer | null; changed: string }
>;
export type TicketStateChanged = Event<
  'TicketStateChanged',
  { ticketId: number; from: TicketStateRef; to: TicketStateRef; changed: string }
>;
export type TicketQueueChanged = Event<
  'TicketQueueChanged',
  { ticketId: number; from: OtrsNamedRef; to: OtrsNamedRef; changed: string }
>;
export type TicketPriorityChanged = Event<
  'TicketPriorityChanged',
  { ticketId: number; from: OtrsNamedRef; to: OtrsNamedRef; changed: string }
>;
export type TicketOwnerChanged = Event<
  'TicketOwnerChanged',
  { ticketId: number; from: number | null; to: number | null; changed: string }
>;
export type TicketResponsibleChanged = Event<
  'TicketResponsibleChanged',
  { ticketId: number; from: number | null; to: number | null; changed: string }
>;
export type TicketLockChanged = Event<
  'TicketLockChanged',
  { ticketId: number; from: TicketLock; to: TicketLock; changed: string }
>;
/** A newer latest article; `excerpt` (its first lines) when it was read and its subject is not forgotten. */
export type TicketArticleAdded = Event<
  'TicketArticleAdded',
  {
    ticketId: number;
    articleId: number;
    subjectId: string | null;
    senderType: 'agent' | 'customer' | 'system';
    visibleForCustomer: boolean;
    excerpt: string | null;
    changed: string;
  }
>;
/** OTRS moved an escalation's due time (an update escalation moves with every answer). */
export type TicketEscalationTimesChanged = Event<
  'TicketEscalationTimesChanged',
  { ticketId: number; to: EscalationTimes; changed: string }
>;
/**
 * OTRS changed the ticket in a way no event above records (a dynamic field, a pending time): kept so that the
 * stream knows how far it has seen, and a late older snapshot cannot undo a newer one.
 */
export type TicketTouched = Event<'TicketTouched', { ticketId: number; changed: string }>;

/** An escalation is due within the warning time; once per escalation (its kind and due time). */
export type TicketEscalationNear = Event<
  'TicketEscalationNear',
  { ticketId: number; kind: EscalationKind; deadline: string }
>;
/** An escalation is past due; once per escalation. */
export type TicketEscalated = Event<
  'TicketEscalated',
  { ticketId: number; kind: EscalationKind; deadline: string }
>;

export type TicketObservedEvent =
  | TicketOpened
  | TicketTitleChanged
  | TicketCustomerChanged
  | TicketStateChanged
  | TicketQueueChanged
  | TicketPriorityChanged
  | TicketOwnerChanged
  | TicketResponsibleChanged
  | TicketLockChanged
  | TicketArticleAdded
  | TicketEscalationTimesChanged
  | TicketTouched;

export type TicketEscalationEvent = TicketEscalationNear | TicketEscalated;
