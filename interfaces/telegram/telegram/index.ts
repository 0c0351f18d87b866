export * from './access-gate.ts';
export * from './telegram-users-feature.ts';
export * from './access-decision-notice.ts';
