export * from './postgres-projection-store.ts';
