export * from '../application/ports/projector.ts';
export * from '../application/ports/projection-tables.ts';
// The projection store's and the runner's ports, for the callers that take them with the runner.
export * from '../application/ports/projection-store.ts';
export * from '../application/ports/projection-metrics.ts';
export * from './projection-runner.ts';
export * from './wait-for-projection.ts';
export * from './projection-rebuild.ts';
export * from './audit/index.ts';
export * from './users/index.ts';
export * from './employees/index.ts';
export * from './registry.ts';
export * from './telegram/index.ts';
export * from './read-model-tables.ts';
export * from './reactors/index.ts';
export * from './personal-data/index.ts';
export * from './monitoring/index.ts';
export * from './otrs/index.ts';
