import type { Command } from '../shared/index.ts';
import type { OtrsAgentRef } from './agent-ref.ts';
import type { TicketSnapshot } from './ticket-snapshot.ts';

/**
 * What OTRS reports of a ticket (webhook or poller), recorded as the events that take the stream there.
 * `warnBeforeSeconds`: how long before an escalation it is announced as near (a setting). The command's
 * `metadata.occurredAt` is "now" for escalations.
 */
export type RecordTicketObservation = Command<
  'RecordTicketObservation',
  { snapshot: TicketSnapshot; warnBeforeSeconds: number }
>;
/** A timer's look at a ticket that OTRS has not changed: its escalations may have come due meanwhile. */
export type CheckTicketEscalations = Command<
  'CheckTicketEscalations',
  { ticketId: number; warnBeforeSeconds: number }
>;

/**
 * The agents' actions. `actionId` derives from the Telegram update id (the callback or the message), so a
 * redelivered update is the same action; `agent` is the Telegram user who asks, as the application read them.
 */
interface ActionData {
  readonly ticketId: number;
  readonly actionId: string;
  readonly agent: OtrsAgentRef;
}

/** Lock the ticket and make the agent its owner. */
export type TakeTicket = Command<'TakeTicket', ActionData>;
/** Add an internal note (not visible to the customer). */
export type AddTicketNote = Command<'AddTicketNote', ActionData & { text: string }>;
/** Give the ticket to another linked agent, or move it to a queue. */
export type ReassignTicket = Command<
  'ReassignTicket',
  ActionData & {
    to:
      | { readonly kind: 'agent'; readonly agent: OtrsAgentRef }
      | { readonly kind: 'queue'; readonly queue: string };
  }
>;
/** Close with `state` (the `otrs.closeState` setting, e.g. `closed successful`). */
export type CloseTicket = Command<'CloseTicket', ActionData & { state: string }>;

/** What OTRS answered the reactor's call for an action: done, or its error (the client's code, OTRS's text). */
export type TicketActionOutcome =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string | null };
export type RecordTicketActionOutcome = Command<
  'RecordTicketActionOutcome',
  { ticketId: number; actionId: string; outcome: TicketActionOutcome }
>;

export type TicketActionCommand = TakeTicket | AddTicketNote | ReassignTicket | CloseTicket;

export type TicketCommand =
  RecordTicketObservation | CheckTicketEscalations | TicketActionCommand | RecordTicketActionOutcome;
