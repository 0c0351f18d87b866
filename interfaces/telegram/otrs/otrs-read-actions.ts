import type { OtrsMetricsQueries, OtrsQueries } from '../../../projections/otrs/index.ts';

/** What `/mytickets`, `/ticket` and `/queue` read, handed in by the runtime when OTRS is on. */
export interface OtrsReadBotActions {
  readonly tickets: Pick<
    OtrsQueries,
    'ticketByNumber' | 'openTickets' | 'countOpenTickets' | 'linkOf' | 'agentIdOfTelegramUser'
  >;
  readonly metrics: Pick<OtrsMetricsQueries, 'metricsOfTelegramUser'>;
}
