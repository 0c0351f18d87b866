export * from './postgres-event-store.ts';
