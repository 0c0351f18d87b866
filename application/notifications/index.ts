export * from './outbox.ts';
export * from './notification-metrics.ts';
