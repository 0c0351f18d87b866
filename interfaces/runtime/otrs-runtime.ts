import type { Registry } from 'prom-client';
import type { Logger } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createOtrsMetrics } from '../../infrastructure/metrics/index.ts';
import {
  createServiceSession,
  otrsClientFromConfig,
  type OtrsClient,
  type ServiceSession,
} from '../../infrastructure/otrs/index.ts';

/** The node's way into OTRS: one client (one circuit breaker, one set of metrics) for every OTRS feature. */
export interface OtrsRuntime {
  readonly gateway: OtrsClient;
  /** The feed's service agent (`OTRS_SERVICE_USER`); `null` without one: no poller. */
  readonly serviceSession: ServiceSession | null;
  readonly config: NonNullable<Config['otrs']>;
}

/** `null` when the feature is off (no `OTRS_BASE_URL`); `/health` says so. Built once per node. */
export function openOtrsRuntime(config: Config, metrics: Registry, logger: Logger): OtrsRuntime | null {
  const otrs = config.otrs;
  // The metrics only when the feature is on: off, /metrics shows no empty OTRS series.
  if (otrs === undefined) return null;
  const gateway = otrsClientFromConfig(otrs, { metrics: createOtrsMetrics(metrics), logger });
  if (gateway === null) return null;
  return {
    gateway,
    serviceSession: otrs.serviceAgent ? createServiceSession(gateway, otrs.serviceAgent) : null,
    config: otrs,
  };
}
