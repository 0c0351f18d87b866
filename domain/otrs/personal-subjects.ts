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
 * The personal fields of each OTRS event type, as paths in its data, and the field holding the subject id
 * (a literal `telegram-user` means `telegram-user-<data.telegramUserId>`). The application's lenses follow
 * this list; an event type not named holds nothing personal (ids, states, queues, priorities, times).
 */
export const OTRS_PERSONAL_FIELDS = {
  TicketOpened: {
    subject: 'subjectId',
    fields: ['title', 'customer.userId', 'customer.customerId', 'customer.name'],
  },
  TicketTitleChanged: { subject: 'subjectId', fields: ['title'] },
  TicketCustomerChanged: {
    subject: 'subjectId',
    fields: ['customer.userId', 'customer.customerId', 'customer.name'],
  },
  TicketArticleAdded: { subject: 'subjectId', fields: ['excerpt'] },
  TicketActionRequested: { subject: 'subjectId', fields: ['action.text'] },
  OtrsAgentSeen: { subject: 'otrs-agent', fields: ['login'] },
  OtrsAgentLinked: { subject: 'telegram-user', fields: ['login'] },
  OtrsAgentLoginClaimed: { subject: 'telegram-user', fields: ['loginKey'] },
  OtrsAgentLoginReleased: { subject: 'telegram-user', fields: ['loginKey'] },
} as const;
