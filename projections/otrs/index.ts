export * from './otrs-projector.ts';
export * from './otrs-queries.ts';
export type { AgentsTable, LinksTable, OtrsDatabase, TicketsTable } from './otrs-tables.ts';
