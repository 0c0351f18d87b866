import { errorMessage, withTimeout } from './with-timeout.ts';

/** One condition a node must meet before it takes traffic. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with why the node is not ready (none when it is); a rejection or a timeout is a reason too. */
  check(): Promise<readonly string[]>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  /** Every failed condition, each prefixed with its check's name (`database: connection refused`). */
  readonly reasons: readonly string[];
  readonly checks: Readonly<Record<string, 'pass' | 'fail'>>;
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

  return async () => {
    const results = await Promise.all(
      deps.checks.map(async (check) => [check.name, await run(check)] as const),
    );
    const reasons = results.flatMap(([name, failures]) => failures.map((failure) => `${name}: ${failure}`));
    return {
      status: reasons.length === 0 ? 'ready' : 'not_ready',
      reasons,
      checks: Object.fromEntries(
        results.map(([name, failures]) => [name, failures.length ? 'fail' : 'pass']),
      ),
    };
  };
}
