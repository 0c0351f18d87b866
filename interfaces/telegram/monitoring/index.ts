export * from './monitoring-alert-actions.ts';
export * from './monitoring-ack-feature.ts';
