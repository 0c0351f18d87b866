import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every TBot metric name. */
export const METRIC_PREFIX = 'tbot_';

/**
 * A new registry with Node's default process metrics (CPU, memory, event loop lag, GC) under `tbot_`.
 * Each call makes its own registry, so tests and several app instances in one process do not collide.
 */
export function createMetrics(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

export interface MetricsExposition {
  readonly contentType: string;
  readonly body: string;
}

/** The registry in Prometheus' text format, with the content type for a `/metrics` answer. */
export async function renderMetrics(registry: Registry): Promise<MetricsExposition> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
