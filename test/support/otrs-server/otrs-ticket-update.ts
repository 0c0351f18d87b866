import { lookUp, PRIORITIES, STATES } from './otrs-catalog.ts';
import { type OperationAnswer, type OperationData, operationError, text } from './otrs-operation-data.ts';
import type { FakeAgent } from './otrs-records.ts';
import type { OtrsState, TicketChange } from './otrs-state.ts';

/**
 * TicketUpdate as Znuny checks it: a ticket the agent cannot see (or that does not exist) is AccessDenied;
 * a state, priority, queue, owner or lock it does not know is InvalidParameter, and nothing is changed;
 * an article needs a subject and a body. Znuny has no optimistic concurrency: the update applies whatever
 * changed since the caller's read.
 */
export function ticketUpdate(state: OtrsState, agent: FakeAgent, data: OperationData): OperationAnswer {
  const ticket = state.tickets.get(Number(data.TicketID));
  if (!ticket) {
    return operationError(
      'TicketUpdate.AccessDenied',
      'TicketUpdate: User does not have access to the ticket!',
    );
  }
  const input = (data.Ticket ?? {}) as Record<string, unknown>;
  const article = data.Article as Record<string, unknown> | undefined;
  const invalid = (field: string) =>
    operationError('TicketUpdate.InvalidParameter', `TicketUpdate: Ticket->${field} parameter is invalid!`);
  const change: { -readonly [K in keyof TicketChange]: TicketChange[K] } = {};
  if (input.Title !== undefined) change.title = text(input.Title);
  if (input.State !== undefined || input.StateID !== undefined) {
    const found = lookUp(STATES, { name: input.State, id: input.StateID });
    if (!found) return invalid(input.State !== undefined ? 'State' : 'StateID');
    change.state = found.name;
  }
  if (input.Priority !== undefined || input.PriorityID !== undefined) {
    const found = lookUp(PRIORITIES, { name: input.Priority, id: input.PriorityID });
    if (!found) return invalid(input.Priority !== undefined ? 'Priority' : 'PriorityID');
    change.priority = found.name;
  }
  if (input.Queue !== undefined || input.QueueID !== undefined) {
    const found = lookUp(state.queues, { name: input.Queue, id: input.QueueID });
    if (!found) return invalid(input.Queue !== undefined ? 'Queue' : 'QueueID');
    change.queue = found.name;
  }
  for (const [field, key] of [
    ['Owner', 'owner'],
    ['Responsible', 'responsible'],
  ] as const) {
    const byId = input[`${field}ID`];
    const found =
      byId !== undefined ? state.agentById(Number(byId)) : state.agents.get(text(input[field] ?? ''));
    if (input[field] === undefined && byId === undefined) continue;
    if (!found) return invalid(byId !== undefined ? `${field}ID` : field);
    change[key] = found.login;
  }
  if (input.Lock !== undefined) {
    if (input.Lock !== 'lock' && input.Lock !== 'unlock') return invalid('Lock');
    change.lock = input.Lock;
  }
  if (article !== undefined) {
    if (!article.Subject || !article.Body) {
      return operationError(
        'TicketUpdate.MissingParameter',
        'TicketUpdate: Article->Subject and Body are required!',
      );
    }
    change.note = {
      subject: text(article.Subject),
      body: text(article.Body),
      visibleForCustomer: text(article.IsVisibleForCustomer ?? '1') === '1',
    };
  }
  const articleId = state.change(ticket, agent.id, change);
  return {
    TicketID: String(ticket.id),
    TicketNumber: ticket.number,
    ...(articleId === undefined ? {} : { ArticleID: String(articleId) }),
  };
}
