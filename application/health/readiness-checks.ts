import type { Checkpoint } from '../ports/checkpoint.ts';
import type { HealthProbe } from './health-report.ts';
import type { ReadinessCheck, ReadinessDetail } from './readiness-report.ts';

/** Ready while the dependency answers (the probes of the health report). */
export function dependencyCheck(probe: HealthProbe): ReadinessCheck {
  return {
    name: probe.name,
    async check() {
      await probe.check();
      return [];
    },
  };
}

/** Ready when the database has every migration this version knows; `pending` lists the ones it lacks. */
export function migrationsCheck(pending: () => Promise<readonly string[]>): ReadinessCheck {
  return {
    name: 'migrations',
    async check() {
      const names = await pending();
      return names.length === 0 ? [] : [`${names.length} pending (${names.join(', ')})`];
    },
  };
}

/** Where a projection stands, as the readiness check needs it. */
export interface ProjectionProgress {
  readonly name: string;
  /** The last event it applied; `null` before the first. */
  readonly checkpoint: Checkpoint | null;
  /** The event types it reads; empty: every event. */
  readonly eventTypes: readonly string[];
  readonly parked: { readonly position: bigint; readonly error: string } | null;
}

export interface ProjectionsCheckDeps {
  /** Every projection this version runs: one without progress yet has not started. */
  readonly expected: readonly string[];
  readonly progress: () => Promise<readonly ProjectionProgress[]>;
  /**
   * The events of the projection's types after its checkpoint, counted up to `atMost` (no more is needed, and
   * a projection far behind must not make the check slow).
   */
  readonly lag: (projection: ProjectionProgress, atMost: number) => Promise<number>;
  /** A projection further behind than this many events of its own types is not ready (default 10,000). */
  readonly maxLag?: number;
}

/**
 * Ready when every projection has started, none is parked, and each has at most `maxLag` events of its own
 * types left to apply: read models this stale would answer queries with old data. Events of other types do
 * not count: the users projection is not behind because an import appended 300,000 employee events.
 */
export function projectionsCheck(deps: ProjectionsCheckDeps): ReadinessCheck {
  const maxLag = deps.maxLag ?? 10_000;
  return {
    name: 'projections',
    async check() {
      const progress = await deps.progress();
      const byName = new Map(progress.map((p) => [p.name, p]));
      const reasons = deps.expected
        .filter((name) => !byName.has(name))
        .map((name) => `${name} has not started`);
      const lags = await Promise.all(
        progress.map((p) => (p.parked ? Promise.resolve(0) : deps.lag(p, maxLag + 1))),
      );
      for (const [i, p] of progress.entries()) {
        if (p.parked) {
          reasons.push(`${p.name} is parked at position ${p.parked.position}: ${p.parked.error}`);
        } else if ((lags[i] ?? 0) > maxLag) {
          reasons.push(`${p.name} is more than ${maxLag} events behind`);
        }
      }
      return reasons;
    },
  };
}

/** The open appender that holds the event log's read horizon, as readiness shows it. */
export interface ReadHorizonHolder {
  /** Null for a prepared transaction. */
  readonly pid: number | null;
  readonly xid: string;
  readonly applicationName: string;
  readonly ageSeconds: number;
}

/**
 * Shows the appender that holds the log's read horizon (every projection waits for it to end), in the report's
 * details. Not a check: a holder on another node is not this node's fault, and a normal append holds the
 * horizon for a millisecond.
 */
export function readHorizonDetail(holder: () => Promise<ReadHorizonHolder | null>): ReadinessDetail {
  return {
    name: 'eventLogHorizon',
    async describe() {
      const held = await holder();
      return held ? { heldBy: held } : null;
    },
  };
}
