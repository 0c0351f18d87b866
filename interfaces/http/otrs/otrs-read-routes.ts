import { DomainError } from '../../../domain/shared/index.ts';
import type { OtrsMetricsQueries, OtrsQueries } from '../../../projections/otrs/index.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import {
  AgentMetrics,
  MetricsQuery,
  OTRS_READERS,
  Ticket,
  TicketPage,
  TicketParams,
  TicketsQuery,
  encodeTicketCursor,
} from './otrs-read-schemas.ts';

export interface OtrsReadRoutesDeps {
  readonly tickets: Pick<OtrsQueries, 'openTickets' | 'ticketByNumber'>;
  readonly metrics: Pick<OtrsMetricsQueries, 'agentMetrics'>;
}

/**
 * `/api/v1/otrs/tickets` (open tickets by queue, owner, state and age, oldest first, a keyset cursor),
 * `/api/v1/otrs/tickets/:number` (one ticket, open or closed) and `/api/v1/otrs/agents/metrics` (per agent,
 * over a range): the OTRS read models, as far as the projections have applied the log.
 */
export function otrsReadRoutes(deps: OtrsReadRoutesDeps): ApiFeature[] {
  const tickets = apiFeature('/otrs/tickets', 'OTRS');
  tickets.get(
    '/',
    {
      summary: 'Open tickets, oldest first',
      description:
        '`queue` and `state` are names (case ignored), `owner` an OTRS agent id, `olderThan` a time; ' +
        'the cursor of one page (`nextCursor`) gives the next.',
      access: OTRS_READERS,
      request: { query: TicketsQuery },
      responses: { 200: { description: 'A page of open tickets', schema: TicketPage } },
    },
    async (ctx, { query }) => {
      const page = await deps.tickets.openTickets({
        limit: query.limit,
        ...(query.queue === undefined ? {} : { queue: query.queue }),
        ...(query.owner === undefined ? {} : { ownerId: query.owner }),
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.olderThan === undefined ? {} : { olderThan: query.olderThan }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      ctx.body = {
        items: page.items,
        nextCursor: page.nextCursor === null ? null : encodeTicketCursor(page.nextCursor),
      };
    },
  );
  tickets.get(
    '/:number',
    {
      summary: 'One ticket by its OTRS number',
      access: OTRS_READERS,
      request: { params: TicketParams },
      responses: { 200: { description: 'The ticket', schema: Ticket } },
    },
    async (ctx, { params }) => {
      const ticket = await deps.tickets.ticketByNumber(params.number);
      if (ticket === null) {
        throw new DomainError('OTRS_TICKET.NOT_FOUND', 'TBot knows no ticket of that number', {
          number: params.number,
        });
      }
      ctx.body = ticket;
    },
  );

  const agents = apiFeature('/otrs/agents', 'OTRS');
  agents.get(
    '/metrics',
    {
      summary: 'Per-agent metrics over a range',
      description:
        'Succeeded actions by kind and UTC day, time to take and time to close (first take and close of ' +
        'each ticket, through TBot or seen in OTRS). `from` and `to` (exclusive) are times; the last 30 days ' +
        'by default, at most 366.',
      access: OTRS_READERS,
      request: { query: MetricsQuery },
      responses: { 200: { description: 'Each agent with something in the range', schema: AgentMetrics } },
    },
    async (ctx, { query }) => {
      ctx.body = {
        from: query.from.toISOString(),
        to: query.to.toISOString(),
        agents: await deps.metrics.agentMetrics(query),
      };
    },
  );
  return [tickets.feature, agents.feature];
}
