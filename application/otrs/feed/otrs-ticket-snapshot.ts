import type { OtrsArticle, OtrsTicket } from '../../ports/otrs.ts';
import {
  type ArticleSnapshot,
  type TicketLock,
  type TicketSnapshot,
  otrsCustomerSubject,
  otrsTicketSubject,
} from '../../../domain/otrs/index.ts';
import type { OtrsCustomerKeys } from '../customer-keys.ts';

/** OTRS's own admin (`root@localhost`, UserID 1): the owner of a ticket no agent owns. */
export const OTRS_ADMIN_USER_ID = 1;

/** Characters of an article's body looked at for its first lines: a 100 KB mail is not copied whole. */
const BODY_HEAD_CHARS = 4000;
const SENDER_TYPES: ReadonlySet<string> = new Set(['agent', 'customer', 'system']);

/** An agent id as a ticket event names it: OTRS's admin (its "nobody") is no agent. */
const agentIdOf = (id: number | null): number | null =>
  id === null || id === OTRS_ADMIN_USER_ID ? null : id;

/**
 * The subject whose key encrypts the ticket's text: its customer's (`otrs-customer-<key>`, a keyed hash of the
 * `CustomerUserID`), or the ticket's own when it has no customer (or one blank to OTRS's backend).
 */
export function ticketSubjectOf(ticket: OtrsTicket, keys: OtrsCustomerKeys): string {
  const customer = ticket.customerUserId?.trim() ?? '';
  return customer === '' ? otrsTicketSubject(ticket.id) : otrsCustomerSubject(keys.keyOf(customer));
}

function latestArticle(articles: readonly OtrsArticle[] | undefined): ArticleSnapshot | null {
  // The port lists them oldest first: the last is the latest.
  const article = articles?.at(-1);
  if (article === undefined) return null;
  return {
    articleId: article.id,
    // A sender type this TBot does not know (a Znuny add-on's) is not the agent's or the customer's.
    senderType: (SENDER_TYPES.has(article.senderType)
      ? article.senderType
      : 'system') as ArticleSnapshot['senderType'],
    visibleForCustomer: article.visibleForCustomer,
    excerpt: article.body.slice(0, BODY_HEAD_CHARS),
  };
}

/**
 * A ticket as OTRS answered TicketGet (with its articles), as the ticket's stream records it. `subject` is
 * {@link ticketSubjectOf}, or `null` when that person was forgotten: the title, the customer and the article's
 * text are then left out. Texts are cleaned and cut by the domain (`normalizeTicketSnapshot`).
 */
export function toTicketSnapshot(ticket: OtrsTicket, subject: string | null): TicketSnapshot {
  const customerUserId = ticket.customerUserId?.trim() ?? '';
  return {
    ticketId: ticket.id,
    number: ticket.number,
    title: ticket.title,
    state: ticket.state,
    stateType: ticket.stateType,
    queue: { id: ticket.queueId, name: ticket.queue },
    priority: { id: ticket.priorityId, name: ticket.priority },
    lock: ticket.lock as TicketLock,
    ownerId: agentIdOf(ticket.ownerId),
    responsibleId: agentIdOf(ticket.responsibleId),
    // The port reads only the CustomerUserID: the company and the name stay in OTRS.
    customer: customerUserId === '' ? null : { userId: customerUserId, customerId: null, name: null },
    created: ticket.createdAt.toISOString(),
    changed: ticket.changedAt.toISOString(),
    ...(ticket.changedAmbiguous === true ? { changedAmbiguous: true } : {}),
    escalations: {
      firstResponse: ticket.escalation.firstResponseAt?.toISOString() ?? null,
      update: ticket.escalation.updateAt?.toISOString() ?? null,
      solution: ticket.escalation.solutionAt?.toISOString() ?? null,
    },
    latestArticle: latestArticle(ticket.articles),
    personalSubject: subject,
  };
}

/** The agents a ticket names with their logins (owner, responsible), as `OtrsAgentSeen` records them. */
export function agentsOf(ticket: OtrsTicket): { agentId: number; login: string }[] {
  const seen = new Map<number, string>();
  const add = (id: number | null, login: string | null) => {
    const agentId = agentIdOf(id);
    if (agentId !== null && login !== null && login.trim() !== '') seen.set(agentId, login);
  };
  add(ticket.ownerId, ticket.owner);
  add(ticket.responsibleId, ticket.responsible);
  return [...seen].map(([agentId, login]) => ({ agentId, login }));
}
