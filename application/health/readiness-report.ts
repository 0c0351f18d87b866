import { errorMessage, withTimeout } from './with-timeout.ts';

/** One condition a node must meet before it takes traffic. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with why the node is not ready (none when it is); a rejection or a timeout is a reason too. */
  check(): Promise<readonly string[]>;
  /** What an operator should see of this condition even when it passes; null when there is nothing to say. */
  details?(): Promise<Readonly<Record<string, unknown>> | null>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  /** Every failed condition, each prefixed with its check's name (`database: connection refused`). */
  readonly reasons: readonly string[];
  readonly checks: Readonly<Record<string, 'pass' | 'fail'>>;
  /** By check name, what the checks that have something to show say (absent when none has). */
  readonly details?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ReadinessReportDeps {
  readonly checks: readonly ReadinessCheck[];
  /** A check that does not answer within this fails (default 2000). */
  readonly checkTimeoutMs?: number;
}

/**
 * Readiness: whether this node should get traffic now. Unlike liveness, any failed check makes it
 * `not_ready` (a load balancer then routes around it); the checks run concurrently.
 */
export function makeReadinessReport(deps: ReadinessReportDeps): () => Promise<ReadinessReport> {
  const timeoutMs = deps.checkTimeoutMs ?? 2000;

  const run = async (check: ReadinessCheck): Promise<readonly string[]> => {
    try {
      return await withTimeout(check.check(), timeoutMs);
    } catch (error) {
      return [errorMessage(error)];
    }
  };

  // Details inform; they never make a node unready, and one that fails or is late is left out.
  const detailsOf = async (check: ReadinessCheck) => {
    if (!check.details) return null;
    try {
      return await withTimeout(check.details(), timeoutMs);
    } catch {
      return null;
    }
  };

  return async () => {
    const results = await Promise.all(
      deps.checks.map(async (check) => [check.name, await run(check), await detailsOf(check)] as const),
    );
    const reasons = results.flatMap(([name, failures]) => failures.map((failure) => `${name}: ${failure}`));
    const details = results.flatMap(([name, , detail]) => (detail ? [[name, detail] as const] : []));
    return {
      status: reasons.length === 0 ? 'ready' : 'not_ready',
      reasons,
      checks: Object.fromEntries(
        results.map(([name, failures]) => [name, failures.length ? 'fail' : 'pass']),
      ),
      ...(details.length > 0 ? { details: Object.fromEntries(details) } : {}),
    };
  };
}
