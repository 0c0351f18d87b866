export * from './postgres-outbox.ts';
export * from './unsent-alerts.ts';
