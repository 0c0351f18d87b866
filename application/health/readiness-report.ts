import { errorMessage, withTimeout } from './with-timeout.ts';

/** One condition a node must meet before it takes traffic. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with why the node is not ready (none when it is); a rejection or a timeout is a reason too. */
  check(): Promise<readonly string[]>;
}

/** Something an operator should see in the readiness answer that never makes a node unready. */
export interface ReadinessDetail {
  readonly name: string;
  /** Null when there is nothing to say. */
  describe(): Promise<Readonly<Record<string, unknown>> | null>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  /** Every failed condition, each prefixed with its check's name (`database: connection refused`). */
  readonly reasons: readonly string[];
  readonly checks: Readonly<Record<string, 'pass' | 'fail'>>;
  /** By name, what the details that have something to show say (absent when none has). */
  readonly details?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ReadinessReportDeps {
  readonly checks: readonly ReadinessCheck[];
  readonly details?: readonly ReadinessDetail[];
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
  const describe = async (detail: ReadinessDetail) => {
    try {
      return await withTimeout(detail.describe(), timeoutMs);
    } catch {
      return null;
    }
  };

  return async () => {
    const [results, described] = await Promise.all([
      Promise.all(deps.checks.map(async (check) => [check.name, await run(check)] as const)),
      Promise.all((deps.details ?? []).map(async (detail) => [detail.name, await describe(detail)] as const)),
    ]);
    const reasons = results.flatMap(([name, failures]) => failures.map((failure) => `${name}: ${failure}`));
    const details = described.flatMap(([name, detail]) => (detail ? [[name, detail] as const] : []));
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
