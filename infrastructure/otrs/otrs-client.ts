import type { Logger } from '../../application/ports/logger.ts';
import type { OtrsGateway, OtrsSession, OtrsTicketUpdate } from '../../application/ports/otrs.ts';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.ts';
import { OtrsBadAnswerError, toHistoryEntry, toTicket } from './otrs-answer-mapping.ts';
import {
  historyAnswer,
  searchAnswer,
  sessionAnswer,
  ticketGetAnswer,
  updateAnswer,
} from './otrs-answer-shapes.ts';
import { createHttpTransport, type HttpTransport, type TlsOptions } from './otrs-http-transport.ts';
import { formatOtrsTime } from './otrs-local-time.ts';
import { type OtrsOperation, unavailableError } from './otrs-operation-error.ts';
import type { OtrsRequestMetrics } from './otrs-request-metrics.ts';
import { createOtrsRequester } from './otrs-request.ts';

/** The client's defaults; each is an option. */
export const OTRS_CLIENT_DEFAULTS = {
  timeoutMs: 10_000,
  /** A read is sent at most three times: now, after ~0.5 s, after ~2 s more. */
  retryDelaysMs: [500, 2_000],
  /** Five failed requests in a row open the circuit for 30 s; then one request probes. */
  failureThreshold: 5,
  openMs: 30_000,
  searchLimit: 1_000,
  /** Tickets per TicketGet request: a long list goes in several. */
  ticketsPerGet: 50,
} as const;

/** A search may ask for at most this many ids. */
export const MAX_SEARCH_LIMIT = 10_000;

export interface OtrsClientOptions {
  /** The OTRS root, `https://otrs.example.com/otrs`, without a trailing slash. */
  readonly baseUrl: string;
  readonly webservice: string;
  /** The zone of OTRS's wall-clock times (`Europe/Moscow`). */
  readonly timeZone: string;
  readonly timeoutMs?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly failureThreshold?: number;
  readonly openMs?: number;
  readonly tls?: TlsOptions;
  readonly metrics: OtrsRequestMetrics;
  readonly logger?: Logger;
  /** Tests: another transport, clock or wait. */
  readonly transport?: HttpTransport;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface OtrsClient extends OtrsGateway {
  /** The circuit's state, for `/health` and logs. */
  circuitState(): ReturnType<CircuitBreaker['state']>;
}

/** The OTRS gateway over GenericTicketConnectorREST (routes of Znuny's own webservice definition). */
export function createOtrsClient(options: OtrsClientOptions): OtrsClient {
  const { timeZone } = options;
  const breaker = createCircuitBreaker({
    failureThreshold: options.failureThreshold ?? OTRS_CLIENT_DEFAULTS.failureThreshold,
    openMs: options.openMs ?? OTRS_CLIENT_DEFAULTS.openMs,
    ...(options.now ? { now: options.now } : {}),
    onChange: (state) =>
      state === 'open'
        ? options.logger?.warn(
            { circuit: state },
            'OTRS circuit opened: requests fail at once until a probe succeeds',
          )
        : options.logger?.info({ circuit: state }, 'OTRS circuit closed: OTRS answers again'),
  });
  const request = createOtrsRequester({
    serviceUrl: `${options.baseUrl}/nph-genericinterface.pl/Webservice/${encodeURIComponent(options.webservice)}`,
    transport: options.transport ?? createHttpTransport(options.tls),
    timeoutMs: options.timeoutMs ?? OTRS_CLIENT_DEFAULTS.timeoutMs,
    retryDelaysMs: options.retryDelaysMs ?? OTRS_CLIENT_DEFAULTS.retryDelaysMs,
    breaker,
    metrics: options.metrics,
    logger: options.logger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });

  // A time OTRS wrote that cannot be read means what answers is not a sane OTRS: as unavailable.
  const mapped = <T>(operation: OtrsOperation, map: () => T): T => {
    try {
      return map();
    } catch (error) {
      if (error instanceof OtrsBadAnswerError) throw unavailableError(operation, 'bad_answer', error.message);
      throw error;
    }
  };
  const auth = (session: OtrsSession) => ({
    query: { SessionID: session.sessionId },
    secrets: [session.sessionId],
  });

  return {
    circuitState: () => breaker.state(),

    async createSession(login, password) {
      const answer = await request({
        operation: 'SessionCreate',
        method: 'POST',
        path: '/Session',
        body: { UserLogin: login, Password: password },
        // A retry after a timeout could leave a second session behind; the caller may ask again.
        idempotent: false,
        secrets: [password],
        answer: sessionAnswer,
      });
      return { sessionId: answer.SessionID };
    },

    async searchTickets(session, query) {
      const limit = Math.min(
        Math.max(1, Math.trunc(query.limit ?? OTRS_CLIENT_DEFAULTS.searchLimit)),
        MAX_SEARCH_LIMIT,
      );
      if (query.ticketIds?.length === 0) return [];
      const { secrets, query: credentials } = auth(session);
      const answer = await request({
        operation: 'TicketSearch',
        method: 'GET',
        path: '/Ticket',
        query: {
          ...credentials,
          Limit: String(limit),
          TicketLastChangeTimeNewerDate: query.changedSince
            ? formatOtrsTime(query.changedSince, timeZone)
            : undefined,
          TicketID: query.ticketIds?.map(String),
          QueueIDs: query.queueIds?.map(String),
          Queues: query.queues,
          StateType: query.openOnly ? 'Open' : undefined,
          SortBy: query.oldestChangeFirst ? 'Changed' : undefined,
          OrderBy: query.oldestChangeFirst ? 'Up' : undefined,
        },
        idempotent: true,
        secrets,
        answer: searchAnswer,
      });
      return [...new Set(answer.TicketID ?? [])].slice(0, limit);
    },

    async getTickets(session, ticketIds, getOptions = {}) {
      const withArticles = getOptions.articles === true;
      const ids = [...new Set(ticketIds)];
      // As many as one search may find; more would be a caller's runaway loop, not a page of tickets.
      if (ids.length > MAX_SEARCH_LIMIT) throw new RangeError(`at most ${MAX_SEARCH_LIMIT} tickets per call`);
      const tickets = [];
      for (let start = 0; start < ids.length; start += OTRS_CLIENT_DEFAULTS.ticketsPerGet) {
        const chunk = ids.slice(start, start + OTRS_CLIENT_DEFAULTS.ticketsPerGet);
        const { secrets, query } = auth(session);
        const answer = await request({
          operation: 'TicketGet',
          method: 'GET',
          path: `/Ticket/${chunk.join(',')}`,
          query: { ...query, ...(withArticles ? { AllArticles: '1', ArticleOrder: 'ASC' } : {}) },
          idempotent: true,
          secrets,
          answer: ticketGetAnswer,
        });
        tickets.push(
          ...mapped('TicketGet', () => answer.Ticket.map((t) => toTicket(t, timeZone, withArticles))),
        );
      }
      const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
      return ticketIds.flatMap((id) => {
        const ticket = byId.get(id);
        return ticket ? [ticket] : [];
      });
    },

    async updateTicket(session, ticketId, update) {
      const answer = await request({
        operation: 'TicketUpdate',
        method: 'PATCH',
        path: `/Ticket/${ticketId}`,
        body: { SessionID: session.sessionId, ...updateBody(update) },
        idempotent: false,
        secrets: [session.sessionId],
        answer: updateAnswer,
      });
      return { ticketId: answer.TicketID, ticketNumber: answer.TicketNumber, articleId: answer.ArticleID };
    },

    async getTicketHistory(session, ticketId) {
      const { secrets, query } = auth(session);
      const answer = await request({
        operation: 'TicketHistoryGet',
        method: 'GET',
        path: `/TicketHistory/${ticketId}`,
        query,
        idempotent: true,
        secrets,
        answer: historyAnswer,
      });
      const lines = answer.TicketHistory.find((h) => h.TicketID === ticketId)?.History ?? [];
      return mapped('TicketHistoryGet', () => lines.map((line) => toHistoryEntry(line, timeZone)));
    },
  };
}

/** TicketUpdate's `Ticket` and `Article` from TBot's update; absent fields are not sent. */
function updateBody(update: OtrsTicketUpdate): Record<string, unknown> {
  const ticket: Record<string, string> = {};
  if (update.state !== undefined) ticket.State = update.state;
  if (update.ownerLogin !== undefined) ticket.Owner = update.ownerLogin;
  if (update.ownerId !== undefined) ticket.OwnerID = String(update.ownerId);
  if (update.lock !== undefined) ticket.Lock = update.lock;
  if (update.queue !== undefined) ticket.Queue = update.queue;
  if (update.queueId !== undefined) ticket.QueueID = String(update.queueId);
  if (update.priority !== undefined) ticket.Priority = update.priority;
  if (update.priorityId !== undefined) ticket.PriorityID = String(update.priorityId);
  const body: Record<string, unknown> = {};
  if (Object.keys(ticket).length > 0) body.Ticket = ticket;
  if (update.note) {
    body.Article = {
      CommunicationChannel: 'Internal',
      IsVisibleForCustomer: 0,
      SenderType: 'agent',
      Subject: update.note.subject,
      Body: update.note.body,
      ContentType: 'text/plain; charset=utf8',
    };
  }
  return body;
}
