/** What the local OTRS server keeps: agents, their sessions, tickets with articles and history. */

export interface FakeAgent {
  readonly id: number;
  readonly login: string;
  readonly password: string;
}

export interface FakeArticle {
  readonly id: number;
  readonly from: string;
  readonly subject: string;
  readonly body: string;
  readonly senderType: 'agent' | 'customer' | 'system';
  readonly isVisibleForCustomer: boolean;
  readonly contentType: string;
  /** Server-local text, as Znuny stores it. */
  readonly createTime: string;
  readonly createdBy: number;
}

export interface FakeHistoryEntry {
  readonly historyType: string;
  readonly name: string;
  readonly articleId: number;
  readonly createdBy: number;
  readonly createTime: string;
  readonly queueId: number;
  readonly ownerId: number;
  readonly priorityId: number;
  readonly stateId: number;
}

export interface FakeTicket {
  readonly id: number;
  readonly number: string;
  title: string;
  stateId: number;
  priorityId: number;
  queueId: number;
  ownerId: number;
  responsibleId: number;
  lock: 'lock' | 'unlock';
  customerUserId: string;
  readonly created: string;
  changed: string;
  changeBy: number;
  /** Unix seconds, 0 when the ticket does not escalate (as Znuny answers). */
  escalationResponseTime: number;
  escalationUpdateTime: number;
  escalationSolutionTime: number;
  readonly articles: FakeArticle[];
  readonly history: FakeHistoryEntry[];
}

/** One request the server received, for assertions (`SessionID` and `Password` as they came). */
export interface RecordedOtrsCall {
  /** `SessionCreate`, `TicketSearch`, `TicketGet`, `TicketUpdate`, `TicketHistoryGet`, or `unknown`. */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** The operation's data: the query string's and the JSON body's parameters together. */
  readonly data: Readonly<Record<string, unknown>>;
  /** What the server did: `answered`, `error:<ErrorCode>`, or the fault it played. */
  outcome: string;
}
