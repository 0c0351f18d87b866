import type {
  EscalationTimes,
  OtrsAgentRef,
  OtrsNamedRef,
  TicketCustomer,
  TicketLock,
} from '../../domain/otrs/index.ts';

/** What the OTRS read model answers (times ISO 8601 UTC). Personal fields are `null` once forgotten. */
export interface TicketView {
  readonly ticketId: number;
  readonly number: string;
  readonly title: string | null;
  readonly customer: TicketCustomer | null;
  readonly queue: OtrsNamedRef;
  readonly priority: OtrsNamedRef;
  readonly state: string;
  readonly stateType: string;
  /** Closed, removed or merged. */
  readonly closed: boolean;
  readonly lock: TicketLock;
  readonly ownerId: number | null;
  /** The owner's login as the agents seen on tickets name it (`null`: unknown or forgotten). */
  readonly ownerLogin: string | null;
  readonly responsibleId: number | null;
  readonly responsibleLogin: string | null;
  readonly created: string;
  readonly changed: string;
  readonly escalations: EscalationTimes;
  readonly latestArticle: ArticleView | null;
}

export interface ArticleView {
  readonly articleId: number;
  readonly senderType: 'agent' | 'customer' | 'system';
  readonly visibleForCustomer: boolean;
  /** Its first lines, when read and not forgotten. */
  readonly excerpt: string | null;
  readonly at: string;
}

/** Where a page of open tickets ended: the next page starts after it (oldest first). */
export interface TicketCursor {
  readonly created: string;
  readonly ticketId: number;
}

export interface OpenTicketsFilter {
  /** A queue's name, without case. */
  readonly queue?: string | undefined;
  readonly ownerId?: number | undefined;
  /** A state's name (`open`, `new`), without case. */
  readonly state?: string | undefined;
  /** Only tickets OTRS created before this instant. */
  readonly olderThan?: Date | undefined;
  /** 1 to {@link MAX_TICKETS_PAGE}. */
  readonly limit: number;
  readonly cursor?: TicketCursor | undefined;
}

export interface TicketPage {
  readonly items: readonly TicketView[];
  /** `null` on the last page. */
  readonly nextCursor: TicketCursor | null;
}

export const MAX_TICKETS_PAGE = 200;

/** A Telegram user's link to an OTRS login. */
export interface LinkView {
  readonly telegramUserId: number;
  /** `null` only between a forget and its unlink. */
  readonly login: string | null;
  readonly status: 'active' | 'expired';
  readonly linkedAt: string;
}

/** The linked Telegram user of an agent id. */
export interface AgentUserView {
  readonly telegramUserId: number;
  readonly status: 'active' | 'expired';
}

export type { OtrsAgentRef };
