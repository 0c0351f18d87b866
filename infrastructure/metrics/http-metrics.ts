import { Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './create-metrics.ts';

/**
 * Labels of one answered request. `route` must be bounded: the router's path template
 * (`/api/v1/audit/streams/:stream`) or `unmatched`, never the raw URL.
 */
export interface HttpRequestLabels {
  readonly method: string;
  readonly route: string;
  readonly status: string;
}

export interface HttpMetrics {
  observeRequest(labels: HttpRequestLabels, seconds: number): void;
}

/** `tbot_http_request_duration_seconds{method,route,status}` in `registry`. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const duration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route template and status, and how long they took to answer',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    observeRequest: (labels, seconds) => duration.observe({ ...labels }, seconds),
  };
}
