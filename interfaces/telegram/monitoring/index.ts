export * from './monitoring-alert-actions.ts';
export * from './monitoring-ack-feature.ts';
export * from './monitoring-bot-actions.ts';
export * from './ack-command-feature.ts';
export * from './maintenance-feature.ts';
export * from './server-feature.ts';
export * from './status-feature.ts';
