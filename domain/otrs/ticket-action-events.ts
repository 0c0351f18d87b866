import type { Event } from '../shared/index.ts';

/** Where a ticket is reassigned: to a linked agent (by their Telegram user id) or to a queue (by name). */
export type ReassignTarget =
  | { readonly kind: 'agent'; readonly telegramUserId: number }
  | { readonly kind: 'queue'; readonly queue: string };

/** What an agent asked of a ticket. A note's text is personal data under the event's `subjectId`. */
export type TicketAction =
  | { readonly kind: 'take' }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'reassign'; readonly to: ReassignTarget }
  | { readonly kind: 'close'; readonly state: string };

export type TicketActionKind = TicketAction['kind'];

/**
 * An agent (`requestedBy`, a linked Telegram user) asked for an action: the OTRS actions reactor makes the
 * call with that agent's session and records its outcome. `actionId` derives from the Telegram update id, so a
 * retried update asks nothing twice. Nothing here is OTRS's yet: the ticket's own events follow from the next
 * observation.
 */
export type TicketActionRequested = Event<
  'TicketActionRequested',
  { ticketId: number; actionId: string; requestedBy: number; subjectId: string; action: TicketAction }
>;
export type TicketActionSucceeded = Event<
  'TicketActionSucceeded',
  { ticketId: number; actionId: string; kind: TicketActionKind; requestedBy: number }
>;
/** OTRS refused or could not be reached: `code` is the client's (`OTRS.AUTH_FAILED`), `message` OTRS's own text, bounded. */
export type TicketActionFailed = Event<
  'TicketActionFailed',
  {
    ticketId: number;
    actionId: string;
    kind: TicketActionKind;
    requestedBy: number;
    error: { code: string; message: string | null };
  }
>;

export type TicketActionEvent = TicketActionRequested | TicketActionSucceeded | TicketActionFailed;
