export * from './check-scheduler.ts';
export * from './check-scheduler-metrics.ts';
export * from './event-log-check-catalog.ts';
export * from './push-receiver.ts';
export * from './run-plan.ts';
export * from './maintenance-edges.ts';
export * from './check-maintenance-state.ts';
