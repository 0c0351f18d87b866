export * from './postgres-event-store.ts';
export * from './read-horizon.ts';
export * from './renumber-log.ts';
