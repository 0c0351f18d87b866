export * from './postgres-event-store.ts';
export * from './renumber-log.ts';
