import { lookUp, PRIORITIES, STATES } from './otrs-catalog.ts';
import { type OperationAnswer, type OperationData, operationError, text } from './otrs-operation-data.ts';
import type { FakeAgent } from './otrs-records.ts';
import type { OtrsState } from './otrs-state.ts';

/**
 * TicketCreate as Znuny checks it: a ticket needs a title, a queue, a state, a priority and a customer user,
 * and its first article a subject and a body; a name it does not know is InvalidParameter, and nothing is
 * created. Answers the new ticket's id and number and the article's id, as strings.
 */
export function ticketCreate(state: OtrsState, agent: FakeAgent, data: OperationData): OperationAnswer {
  const input = (data.Ticket ?? {}) as Record<string, unknown>;
  const article = (data.Article ?? {}) as Record<string, unknown>;
  const missing = (field: string) =>
    operationError('TicketCreate.MissingParameter', `TicketCreate: ${field} parameter is missing!`);
  const invalid = (field: string) =>
    operationError('TicketCreate.InvalidParameter', `TicketCreate: Ticket->${field} parameter is invalid!`);
  if (!input.Title) return missing('Ticket->Title');
  if (!input.CustomerUser) return missing('Ticket->CustomerUser');
  if (!article.Subject || !article.Body) return missing('Article->Subject and Article->Body');
  const queue = lookUp(state.queues, { name: input.Queue, id: input.QueueID });
  if (!queue) return invalid(input.QueueID !== undefined ? 'QueueID' : 'Queue');
  const status = lookUp(STATES, { name: input.State, id: input.StateID });
  if (!status) return invalid(input.StateID !== undefined ? 'StateID' : 'State');
  const priority = lookUp(PRIORITIES, { name: input.Priority, id: input.PriorityID });
  if (!priority) return invalid(input.PriorityID !== undefined ? 'PriorityID' : 'Priority');
  const owner = input.Owner === undefined ? agent : state.agents.get(text(input.Owner));
  if (!owner) return invalid('Owner');
  const ticket = state.addTicket({
    title: text(input.Title),
    queue: queue.name,
    state: status.name,
    priority: priority.name,
    owner: owner.login,
    customerUserId: text(input.CustomerUser),
    body: text(article.Body),
  });
  return {
    TicketID: String(ticket.id),
    TicketNumber: ticket.number,
    ArticleID: String(ticket.articles[0]?.id ?? ''),
  };
}
