import type { Clock } from '../ports/clock.ts';
import { errorMessage, withTimeout } from './with-timeout.ts';

/** A dependency whose reachability the health report shows (the database, later Redis). */
export interface HealthProbe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok';
  readonly version: string;
  readonly nodeId: string;
  readonly uptimeSeconds: number;
  readonly dependencies: Readonly<Record<string, DependencyStatus>>;
  /** Optional features and whether this node runs them (`otrs: 'off'` without `OTRS_BASE_URL`). */
  readonly features: Readonly<Record<string, 'on' | 'off'>>;
}

export interface HealthReportDeps {
  readonly version: string;
  readonly nodeId: string;
  readonly startedAt: Date;
  readonly clock: Clock;
  readonly probes: readonly HealthProbe[];
  /** A probe that does not answer within this is reported down. */
  readonly probeTimeoutMs?: number;
  readonly features?: Readonly<Record<string, 'on' | 'off'>>;
}

/**
 * Liveness: the process answers, and says how its dependencies look. A down dependency does not make the node
 * unhealthy (readiness says that); it is reported with the reason.
 */
export function makeHealthReport(deps: HealthReportDeps): () => Promise<HealthReport> {
  const timeoutMs = deps.probeTimeoutMs ?? 2000;

  const probe = async (p: HealthProbe): Promise<[string, DependencyStatus]> => {
    const started = performance.now();
    try {
      await withTimeout(p.check(), timeoutMs);
      return [p.name, { status: 'up', latencyMs: Math.round(performance.now() - started) }];
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      return [p.name, { status: 'down', latencyMs, error: errorMessage(error) }];
    }
  };

  return async () => ({
    status: 'ok',
    version: deps.version,
    nodeId: deps.nodeId,
    uptimeSeconds: Math.round((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
    dependencies: Object.fromEntries(await Promise.all(deps.probes.map(probe))),
    features: deps.features ?? {},
  });
}
