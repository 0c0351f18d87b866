/**
 * What an OTRS ticket card says, as its outbox rows carry it (kind `otrs.ticketCard`). Each row holds the whole
 * card, so an edit renders the card as it is now and a retried or reordered edit is harmless. The ticket's
 * text (title, customer, excerpt) and the owner's login are the ticket's and the agent's personal data: they
 * stay in the row until the outbox prunes it (see NOTES: a forget does not reach sent rows before that).
 */
export const OTRS_TICKET_CARD_KIND = 'otrs.ticketCard';

/** The outbox kind of an escalation near or past due, told to the queue's chats and the owner. */
export const OTRS_ESCALATION_KIND = 'otrs.escalation';

/** The outbox kind of a new ticket no rule routes anywhere (chat `NO_RECIPIENT_CHAT`): logged and counted. */
export const OTRS_UNROUTED_KIND = 'otrs.unrouted';

/** The agent a card names: by OTRS id, with the login OTRS reported and the Telegram user linked to it. */
export interface CardAgent {
  readonly agentId: number;
  readonly login: string | null;
  readonly telegramUserId: number | null;
  /** The linked Telegram user's name, filled in at send time (never kept in the row). */
  readonly name: string | null;
}

export interface TicketCardParams {
  readonly ticketId: number;
  readonly number: string;
  readonly title: string | null;
  readonly queue: string;
  readonly priority: string;
  /** The customer's name (or, without one, their OTRS customer user id), and the company. */
  readonly customer: string | null;
  /** The first lines of the latest article, when it was read. */
  readonly excerpt: string | null;
  readonly state: string;
  readonly closed: boolean;
  /** Locked by its owner: taken. */
  readonly locked: boolean;
  readonly owner: CardAgent | null;
}

export interface EscalationParams {
  readonly ticketId: number;
  readonly number: string;
  readonly title: string | null;
  readonly queue: string;
  readonly kind: 'firstResponse' | 'update' | 'solution';
  /** When it is (was) due (ISO 8601). */
  readonly deadline: string;
  readonly escalated: boolean;
}

export interface OtrsUnroutedParams {
  readonly ticketId: number;
  readonly queue: string;
  readonly priorityId: number;
}
