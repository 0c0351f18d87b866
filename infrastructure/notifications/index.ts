export * from './postgres-outbox.ts';
