import type { EventStore } from '../ports/event-store.ts';
import type { HealthProbe } from './health-report.ts';
import type { ReadinessCheck } from './readiness-report.ts';

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
  /** Global position of the last event it applied; `null` before the first. */
  readonly position: bigint | null;
  readonly parked: { readonly position: bigint; readonly error: string } | null;
}

export interface ProjectionsCheckDeps {
  /** Every projection this version runs: one without progress yet has not started. */
  readonly expected: readonly string[];
  readonly progress: () => Promise<readonly ProjectionProgress[]>;
  readonly events: Pick<EventStore, 'headCheckpoint'>;
  /** A projection further behind the head of the log than this many events is not ready (default 10,000). */
  readonly maxLag?: number;
}

/**
 * Ready when every projection has started, none is parked, and each is at most `maxLag` events behind the
 * head of the log: read models this stale would answer queries with old data.
 */
export function projectionsCheck(deps: ProjectionsCheckDeps): ReadinessCheck {
  const maxLag = BigInt(deps.maxLag ?? 10_000);
  return {
    name: 'projections',
    async check() {
      const [progress, head] = await Promise.all([deps.progress(), deps.events.headCheckpoint()]);
      const byName = new Map(progress.map((p) => [p.name, p]));
      const reasons = deps.expected
        .filter((name) => !byName.has(name))
        .map((name) => `${name} has not started`);
      for (const p of progress) {
        if (p.parked) {
          reasons.push(`${p.name} is parked at position ${p.parked.position}: ${p.parked.error}`);
          continue;
        }
        const lag = (head?.position ?? 0n) - (p.position ?? 0n);
        if (lag > maxLag) reasons.push(`${p.name} is ${lag} events behind (at most ${maxLag})`);
      }
      return reasons;
    },
  };
}
