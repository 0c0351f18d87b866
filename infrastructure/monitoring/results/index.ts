export * from './postgres-check-results.ts';
export * from './results-upkeep.ts';
