export * from './projector.ts';
export * from './projection-tables.ts';
export * from './projection-store.ts';
export * from './projection-metrics.ts';
export * from './projection-runner.ts';
export * from './wait-for-projection.ts';
export * from './projection-rebuild.ts';
export * from './audit/index.ts';
