export { createMetrics, METRIC_PREFIX, renderMetrics, type MetricsExposition } from './create-metrics.ts';
export * from './projection-metrics.ts';
export * from './event-log-metrics.ts';
export * from './notification-metrics.ts';
export * from './monitoring-metrics.ts';
export * from './monitoring-server-metrics.ts';
export * from './self-watch-metrics.ts';
export * from './otrs-metrics.ts';
