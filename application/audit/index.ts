export * from './audit-filter.ts';
export * from './audit-event-log.ts';
export * from './stream-evolver.ts';
export * from './projection-stream-state.ts';
export * from './stream-state.ts';
export * from './audit-log-queries.ts';
