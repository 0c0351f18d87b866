export * from './otrs-projector.ts';
export * from './otrs-queries.ts';
export * from './otrs-link-queries.ts';
export type { AgentsTable, LinksTable, OtrsDatabase, TicketsTable } from './otrs-tables.ts';
export * from './otrs-metrics-projector.ts';
export * from './otrs-metrics-queries.ts';
export type { AgentActionsTable, OtrsMetricsDatabase, TicketTimingsTable } from './otrs-metrics-tables.ts';
export * from './reassign-targets-queries.ts';
