/**
 * The OTRS (or Znuny) helpdesk as TBot uses it, through its GenericInterface web service, in TBot's terms:
 * ids are numbers, times are instants, "nothing found" is an empty list. Every method rejects with a
 * `DomainError` whose code is one of `OtrsGatewayErrorCode` (`OTRS.AUTH_FAILED`, `OTRS.SESSION_EXPIRED`,
 * `OTRS.TICKET_NOT_FOUND`, `OTRS.UNAVAILABLE`, `OTRS.REFUSED`); anything else is a bug.
 */
export interface OtrsGateway {
  /** Logs an agent in (SessionCreate). A wrong login or password is `OTRS.AUTH_FAILED`. */
  createSession(login: string, password: string): Promise<OtrsSession>;
  /** Ids of the tickets that match (TicketSearch), at most `query.limit`. */
  searchTickets(session: OtrsSession, query: OtrsTicketQuery): Promise<number[]>;
  /** The tickets (TicketGet), in the order asked; their articles only with `articles: true`. */
  getTickets(
    session: OtrsSession,
    ticketIds: readonly number[],
    options?: { articles?: boolean },
  ): Promise<OtrsTicket[]>;
  /** Changes a ticket and/or adds an article (TicketUpdate), as the session's agent. Never retried. */
  updateTicket(session: OtrsSession, ticketId: number, update: OtrsTicketUpdate): Promise<OtrsUpdateResult>;
  /** The ticket's history, oldest first (TicketHistoryGet). */
  getTicketHistory(session: OtrsSession, ticketId: number): Promise<OtrsHistoryEntry[]>;
}

/**
 * An agent's OTRS session, which every call but SessionCreate acts with: OTRS's history then names that
 * agent. Its id is a credential (never logged, never in an event); OTRS ends it after a while, and a call
 * with it is then refused with `OTRS.SESSION_EXPIRED`. (A password is never sent with a read: it would sit in
 * a URL, in a proxy's access log.)
 */
export interface OtrsSession {
  readonly sessionId: string;
}

/** What to search for; the conditions combine (AND). Without any, every ticket the agent can see. */
export interface OtrsTicketQuery {
  /** Changed after this instant (TicketLastChangeTimeNewerDate, to the second in the server's zone). */
  readonly changedSince?: Date;
  readonly ticketIds?: readonly number[];
  readonly queueIds?: readonly number[];
  readonly queues?: readonly string[];
  /** Only tickets whose state type is not closed, removed or merged. */
  readonly openOnly?: boolean;
  /** At most this many ids (default 1000). */
  readonly limit?: number;
  /**
   * The least recently changed first (SortBy Changed, OrderBy Up) instead of OTRS's default, the newest
   * created first: a search cut by `limit` then leaves out only changes later than those it answers.
   */
  readonly oldestChangeFirst?: boolean;
}

export interface OtrsTicket {
  readonly id: number;
  /** Kept as text: a ticket number is a label (it may start with zeros), not a quantity. */
  readonly number: string;
  readonly title: string;
  readonly state: string;
  /** OTRS's state type: `new`, `open`, `closed`, `pending reminder`, `pending auto`, `removed`, `merged`. */
  readonly stateType: string;
  readonly queue: string;
  readonly queueId: number;
  readonly priority: string;
  readonly priorityId: number;
  /** `lock` or `unlock`. */
  readonly lock: string;
  /** Agent logins and ids. */
  readonly owner: string;
  readonly ownerId: number;
  readonly responsible: string | null;
  readonly responsibleId: number | null;
  readonly customerUserId: string | null;
  readonly createdAt: Date;
  readonly changedAt: Date;
  /**
   * `changedAt`'s wall-clock time happens twice in OTRS's zone (the hour repeated when clocks go back): the change
   * may be up to that hour later than `changedAt` says.
   */
  readonly changedAmbiguous?: boolean;
  /** When each escalation is due; null when the ticket does not escalate that way. */
  readonly escalation: {
    readonly firstResponseAt: Date | null;
    readonly updateAt: Date | null;
    readonly solutionAt: Date | null;
  };
  /** Only when asked for, oldest first. */
  readonly articles?: readonly OtrsArticle[];
}

export interface OtrsArticle {
  readonly id: number;
  readonly from: string;
  readonly subject: string;
  readonly body: string;
  /** `agent`, `customer` or `system`. */
  readonly senderType: string;
  readonly visibleForCustomer: boolean;
  readonly contentType: string;
  readonly createdAt: Date;
}

/** A change to a ticket; absent fields stay as they are. Queue, priority and state go by name or id. */
export interface OtrsTicketUpdate {
  readonly state?: string;
  readonly ownerLogin?: string;
  readonly ownerId?: number;
  readonly lock?: 'lock' | 'unlock';
  readonly queue?: string;
  readonly queueId?: number;
  readonly priority?: string;
  readonly priorityId?: number;
  /** An internal note (not visible to the customer) by the acting agent. */
  readonly note?: { readonly subject: string; readonly body: string };
}

export interface OtrsUpdateResult {
  readonly ticketId: number;
  readonly ticketNumber: string;
  /** The note's article id, when one was added. */
  readonly articleId: number | null;
}

/** One line of a ticket's history: what happened, by which agent (OTRS user id), when. */
export interface OtrsHistoryEntry {
  readonly ticketId: number;
  /** `NewTicket`, `StateUpdate`, `OwnerUpdate`, `Lock`, `Move`, `PriorityUpdate`, `AddNote`, ... */
  readonly type: string;
  /** OTRS's own `%%`-separated detail (`%%new%%open%%`). */
  readonly name: string;
  readonly articleId: number | null;
  /** The OTRS user id of the agent who made the change. */
  readonly createdBy: number;
  readonly createdAt: Date;
  readonly queueId: number | null;
  readonly ownerId: number | null;
  readonly priorityId: number | null;
  readonly stateId: number | null;
}
