import { lookUp, PRIORITIES, STATES, VIEWABLE_CLOSED_TYPES } from './otrs-catalog.ts';
import type { FakeAgent, FakeTicket } from './otrs-records.ts';
import type { OtrsState } from './otrs-state.ts';
import { type OperationAnswer, type OperationData, operationError, text } from './otrs-operation-data.ts';
import { ticketCreate } from './otrs-ticket-create.ts';
import { ticketUpdate } from './otrs-ticket-update.ts';

export const OPERATIONS = [
  'SessionCreate',
  'TicketSearch',
  'TicketGet',
  'TicketCreate',
  'TicketUpdate',
  'TicketHistoryGet',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

// Znuny's own wording of each operation's failed authentication.
const AUTH_FAIL_MESSAGES: Readonly<Record<OperationName, string>> = {
  SessionCreate: 'SessionCreate: Authorization failing!',
  TicketSearch: 'TicketSearch: Authorization failing!',
  TicketGet: 'TicketGet: Authorization failing!',
  TicketCreate: 'TicketCreate: User could not be authenticated!',
  TicketUpdate: 'TicketUpdate: User could not be authenticated!',
  TicketHistoryGet: 'TicketHistoryGet: Authorization failing!',
};

/** Runs `operation` on `state` as GenericTicketConnector would. */
export function runOperation(
  state: OtrsState,
  operation: OperationName,
  data: OperationData,
): OperationAnswer {
  if (operation === 'SessionCreate') return sessionCreate(state, data);
  const agent = authenticate(state, data);
  if (!agent) return operationError(`${operation}.AuthFail`, AUTH_FAIL_MESSAGES[operation]);
  switch (operation) {
    case 'TicketSearch':
      return ticketSearch(state, data);
    case 'TicketGet':
      return ticketGet(state, data);
    case 'TicketCreate':
      return ticketCreate(state, agent, data);
    case 'TicketUpdate':
      return ticketUpdate(state, agent, data);
    case 'TicketHistoryGet':
      return ticketHistoryGet(state, data);
  }
}

function authenticate(state: OtrsState, data: OperationData): FakeAgent | undefined {
  if (typeof data.SessionID === 'string' && data.SessionID !== '') {
    const login = state.sessions.get(data.SessionID);
    return login === undefined ? undefined : state.agents.get(login);
  }
  const agent = typeof data.UserLogin === 'string' ? state.agents.get(data.UserLogin) : undefined;
  return agent && agent.password === data.Password ? agent : undefined;
}

function sessionCreate(state: OtrsState, data: OperationData): OperationAnswer {
  if (!data.UserLogin || !data.Password) {
    return operationError(
      'SessionCreate.MissingParameter',
      'SessionCreate: UserLogin or Password is missing!',
    );
  }
  const agent = authenticate(state, { UserLogin: data.UserLogin, Password: data.Password });
  if (!agent) return operationError('SessionCreate.AuthFail', AUTH_FAIL_MESSAGES.SessionCreate);
  return { SessionID: state.openSession(agent.login) };
}

const asList = (value: unknown): string[] => {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : text(value).split(',');
  return items.map((item) => text(item).trim());
};

function ticketSearch(state: OtrsState, data: OperationData): OperationAnswer {
  const ids = asList(data.TicketID);
  const queueIds = asList(data.QueueIDs);
  const queues = asList(data.Queues);
  const stateTypes = asList(data.StateType);
  const newer =
    typeof data.TicketLastChangeTimeNewerDate === 'string' ? data.TicketLastChangeTimeNewerDate : '';
  const limit = Number(data.Limit ?? 10_000) || 10_000;
  const found = [...state.tickets.values()].filter((ticket) => {
    const queue = lookUp(state.queues, { id: ticket.queueId });
    const type = lookUp(STATES, { id: ticket.stateId })?.type ?? '';
    if (ids.length > 0 && !ids.includes(String(ticket.id))) return false;
    if (queueIds.length > 0 && !queueIds.includes(String(ticket.queueId))) return false;
    if (queues.length > 0 && !queues.includes(queue?.name ?? '')) return false;
    if (stateTypes.includes('Open') && VIEWABLE_CLOSED_TYPES.includes(type)) return false;
    if (stateTypes.includes('Closed') && !VIEWABLE_CLOSED_TYPES.includes(type)) return false;
    // Znuny compares its stored local times in SQL: text order is time order within one zone.
    if (newer !== '' && !(ticket.changed > newer)) return false;
    return true;
  });
  // Znuny's default order: SortBy Age, OrderBy Down (the newest first); SortBy Changed sorts by the stored
  // (local) change time.
  const up = data.OrderBy === 'Up' ? -1 : 1;
  const key = data.SortBy === 'Changed' ? 'changed' : 'created';
  const sorted = found.sort((a, b) => (a[key] === b[key] ? up * (b.id - a.id) : a[key] < b[key] ? up : -up));
  const answer = sorted.slice(0, limit).map((ticket) => String(ticket.id));
  // No match: an empty object, not an empty list.
  return answer.length === 0 ? {} : { TicketID: answer };
}

function ticketGet(state: OtrsState, data: OperationData): OperationAnswer {
  const ids = asList(data.TicketID);
  if (ids.length === 0)
    return operationError('TicketGet.MissingParameter', 'TicketGet: TicketID parameter is missing!');
  if (!ids.every((id) => /^[1-9]\d*$/.test(id))) {
    return operationError('TicketGet.WrongStructure', 'TicketGet: Invalid ticket ID parameter(s) found!');
  }
  const tickets = ids.map((id) => state.tickets.get(Number(id)));
  // Znuny checks access first: a ticket that does not exist is one the agent may not see.
  if (tickets.some((ticket) => ticket === undefined)) {
    return operationError('TicketGet.AccessDenied', 'TicketGet: User does not have access to the ticket!');
  }
  const withArticles = text(data.AllArticles ?? '0') === '1';
  const limit = Number(data.ArticleLimit ?? 0) || 0;
  const descending = data.ArticleOrder === 'DESC';
  return {
    Ticket: tickets.flatMap((ticket) =>
      ticket ? [ticketData(state, ticket, withArticles, limit, descending)] : [],
    ),
  };
}

/** A ticket as TicketGet answers it (ids and numbers as strings). */
export function ticketData(
  state: OtrsState,
  t: FakeTicket,
  withArticles: boolean,
  limit: number,
  descending: boolean,
) {
  const st = lookUp(STATES, { id: t.stateId });
  const owner = state.agentById(t.ownerId);
  const responsible = state.agentById(t.responsibleId);
  const data: Record<string, unknown> = {
    TicketID: String(t.id),
    TicketNumber: t.number,
    Title: t.title,
    State: st?.name,
    StateID: String(t.stateId),
    StateType: st?.type,
    Priority: lookUp(PRIORITIES, { id: t.priorityId })?.name,
    PriorityID: String(t.priorityId),
    Queue: lookUp(state.queues, { id: t.queueId })?.name,
    QueueID: String(t.queueId),
    Lock: t.lock,
    LockID: t.lock === 'lock' ? '2' : '1',
    Owner: owner?.login,
    OwnerID: String(t.ownerId),
    Responsible: responsible?.login,
    ResponsibleID: String(t.responsibleId),
    CustomerUserID: t.customerUserId,
    CustomerID: t.customerUserId.split('@')[1] ?? '',
    Type: 'Unclassified',
    Created: t.created,
    CreateBy: '1',
    Changed: t.changed,
    ChangeBy: String(t.changeBy),
    EscalationResponseTime: String(t.escalationResponseTime),
    EscalationUpdateTime: String(t.escalationUpdateTime),
    EscalationSolutionTime: String(t.escalationSolutionTime),
    ArchiveFlag: 'n',
  };
  if (withArticles && t.articles.length > 0) {
    let articles = [...t.articles];
    if (descending) articles.reverse();
    if (limit > 0) articles = articles.slice(0, limit);
    data.Article = articles.map((a) => ({
      ArticleID: String(a.id),
      TicketID: String(t.id),
      From: a.from,
      Subject: a.subject,
      Body: a.body,
      SenderType: a.senderType,
      IsVisibleForCustomer: a.isVisibleForCustomer ? '1' : '0',
      ContentType: a.contentType,
      CreateTime: a.createTime,
      CreateBy: String(a.createdBy),
    }));
  }
  return data;
}

function ticketHistoryGet(state: OtrsState, data: OperationData): OperationAnswer {
  const ids = asList(data.TicketID);
  if (ids.length === 0) {
    return operationError(
      'TicketHistoryGet.MissingParameter',
      'TicketHistoryGet: TicketID parameter is missing!',
    );
  }
  const tickets = ids.map((id) => state.tickets.get(Number(id)));
  const missing = ids.find((_, i) => tickets[i] === undefined);
  if (missing !== undefined) {
    return operationError(
      'TicketHistoryGet.AccessDenied',
      `TicketHistoryGet: User does not have access to the ticket ${missing}!`,
    );
  }
  return {
    TicketHistory: tickets.flatMap((ticket) =>
      ticket
        ? [
            {
              TicketID: String(ticket.id),
              History: ticket.history.map((h) => ({
                TicketID: String(ticket.id),
                ArticleID: String(h.articleId),
                HistoryType: h.historyType,
                Name: h.name,
                CreateBy: String(h.createdBy),
                CreateTime: h.createTime,
                QueueID: String(h.queueId),
                OwnerID: String(h.ownerId),
                PriorityID: String(h.priorityId),
                StateID: String(h.stateId),
              })),
            },
          ]
        : [],
    ),
  };
}
