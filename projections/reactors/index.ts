export * from './outbox-writes.ts';
export * from './access-notices-reactor.ts';
export * from './reactor-registry.ts';
export * from './monitoring-alert-message.ts';
export * from './monitoring-notices-reactor.ts';
export * from './monitoring-alert-queries.ts';
export * from './monitoring-reminders.ts';
