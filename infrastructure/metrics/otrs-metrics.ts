import { Counter, Histogram, type Registry } from 'prom-client';
import type { OtrsRequestMetrics } from '../otrs/index.ts';
import { METRIC_PREFIX } from './create-metrics.ts';

/** The OTRS client's figures on this node: requests by operation and outcome, and how long they took. */
export function createOtrsMetrics(registry: Registry): OtrsRequestMetrics {
  const total = new Counter({
    name: `${METRIC_PREFIX}otrs_requests_total`,
    help:
      'Requests to OTRS from this node (each retry counts), by operation and outcome (ok, auth_failed, ' +
      'session_expired, not_found, refused, timeout, connection, bad_answer, circuit_open)',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${METRIC_PREFIX}otrs_request_duration_seconds`,
    help: 'Time one request to OTRS took on this node, to its answer or its failure, by operation',
    labelNames: ['operation'],
    // A healthy OTRS answers in tens of milliseconds; a request times out after OTRS_REQUEST_TIMEOUT_MS.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    request(operation, outcome, durationSeconds) {
      total.inc({ operation, outcome });
      if (durationSeconds !== null) duration.observe({ operation }, durationSeconds);
    },
  };
}
