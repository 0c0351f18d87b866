export * from './outbox-writes.ts';
export * from './access-notices-reactor.ts';
export * from './reactor-registry.ts';
export * from './monitoring-alert-message.ts';
export * from './monitoring-notices-reactor.ts';
export * from './monitoring-alert-queries.ts';
export * from './monitoring-reminders.ts';
export * from './self-watch-message.ts';
export * from './self-watch-reactor.ts';
export * from './self-watch-open-checks.ts';
export * from './otrs-ticket-card.ts';
export * from './otrs-notices-reactor.ts';
export { OTRS_NOTICES } from './otrs-notice-tables.ts';
export * from './otrs-link-notices-reactor.ts';
// OTRS actions (#16).
export * from './otrs-action-notices-reactor.ts';
