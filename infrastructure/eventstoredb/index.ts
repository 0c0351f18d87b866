export * from './esdb-event-store.ts';
