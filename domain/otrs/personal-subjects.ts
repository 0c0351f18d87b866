/**
 * Whose key encrypts the personal data of OTRS events (DESIGN.md, crypto-shredding). The domain only names the
 * subjects; the application's lenses encrypt what {@link OTRS_PERSONAL_FIELDS} lists.
 *
 * - A ticket's text (title, customer, article excerpts, agents' notes) is its **customer's**: the subject
 *   `otrs-customer-<key>`, where the application derives `key` from the customer's `CustomerUserID` without
 *   naming it (a keyed hash), so that the same customer always has the same key and forgetting them (or the
 *   employee whose e-mail is that `CustomerUserID`) is deleting one key, whatever tickets they had. A ticket
 *   without a customer uses its own subject, `otrs-ticket-<TicketID>`.
 * - An agent's login is the agent's: in a link, the Telegram user's key (`telegram-user-<id>`); as tickets
 *   see it, the OTRS agent's key (`otrs-agent-<UserID>`). Ticket events name agents by OTRS `UserID` only.
 */
export const otrsCustomerSubject = (customerKey: string): string => `otrs-customer-${customerKey}`;

/** The subject of a ticket that has no customer (or whose customer the application cannot name). */
export const otrsTicketSubject = (ticketId: number): string => `otrs-ticket-${ticketId}`;

/** The subject of an OTRS agent's login as tickets see it (`OtrsAgentSeen`). */
export const otrsAgentSubject = (agentId: number): string => `otrs-agent-${agentId}`;

/**
 * The personal fields of each OTRS event type, as dotted paths in its data (a path through `null` holds
 * nothing). The application's lenses encrypt exactly these, with the key {@link otrsPersonalSubjectOf} names;
 * an event type not listed holds nothing personal (ids, states, queues, priorities, times, OTRS's errors).
 */
export const OTRS_PERSONAL_FIELDS = {
  TicketOpened: ['title', 'customer.userId', 'customer.customerId', 'customer.name'],
  TicketTitleChanged: ['title'],
  TicketCustomerChanged: ['customer.userId', 'customer.customerId', 'customer.name'],
  TicketArticleAdded: ['excerpt'],
  TicketActionRequested: ['action.text'],
  OtrsAgentSeen: ['login'],
  OtrsAgentLinked: ['login'],
  OtrsAgentLoginClaimed: ['loginKey'],
  OtrsAgentLoginReleased: ['loginKey'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type OtrsPersonalEventType = keyof typeof OTRS_PERSONAL_FIELDS;

/** The event types whose data {@link otrsPersonalSubjectOf} reads. */
type SubjectData =
  | { readonly subjectId?: string | null; readonly ticketId: number }
  | { readonly agentId: number }
  | { readonly telegramUserId: number };

/**
 * Whose key encrypts an OTRS event's personal fields: a ticket's subject (its own when it has none, so that a
 * lens always has a key to name), an agent's, or a Telegram user's (`telegram-user-<id>`, as
 * `telegramUserSubject` spells it). `null` for a type with nothing personal.
 */
export function otrsPersonalSubjectOf(type: string, data: SubjectData): string | null {
  if (!Object.hasOwn(OTRS_PERSONAL_FIELDS, type)) return null;
  if ('ticketId' in data) return data.subjectId ?? otrsTicketSubject(data.ticketId);
  if ('agentId' in data) return otrsAgentSubject(data.agentId);
  return `telegram-user-${data.telegramUserId}`;
}
