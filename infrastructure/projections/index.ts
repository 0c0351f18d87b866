export * from './in-transaction.ts';
export * from './postgres-projection-store.ts';
export * from './projection-lag.ts';
