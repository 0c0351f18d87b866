import type { Redis } from 'ioredis';
import {
  type HealthReport,
  type HealthProbe,
  type ReadinessReport,
  dependencyCheck,
  makeHealthReport,
  makeReadinessReport,
  migrationsCheck,
  projectionsCheck,
  readHorizonDetail,
} from '../../application/health/index.ts';
import { systemClock } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { findHorizonHolder } from '../../infrastructure/event-store/index.ts';
import { type DatabaseHandle, createMigrator } from '../../infrastructure/postgres/index.ts';
import { postgresProbe } from '../../infrastructure/postgres/postgres-probe.ts';
import { redisProbe } from '../../infrastructure/redis/index.ts';
import { projectors } from '../../projections/index.ts';
import type { ProjectionsRuntime } from './projections-runtime.ts';

export interface HealthRuntime {
  /** `GET /health`: the node and its dependencies. */
  readonly healthReport: () => Promise<HealthReport>;
  /** `GET /ready`: the dependencies, the migrations and the projections, and who holds the read horizon. */
  readonly readinessReport: () => Promise<ReadinessReport>;
}

export interface HealthRuntimeDeps {
  readonly config: Config;
  readonly version: string;
  readonly startedAt: Date;
  readonly database: DatabaseHandle;
  /** The Redis client when the node uses one: a dependency that must answer too. */
  readonly redis: Redis | null;
  readonly projections: Pick<ProjectionsRuntime, 'progress' | 'lag'>;
}

/** The health and readiness reports of a node. */
export function openHealthRuntime(deps: HealthRuntimeDeps): HealthRuntime {
  const { config, database, projections } = deps;
  const probes: HealthProbe[] = [postgresProbe(database.pool)];
  if (deps.redis) probes.push(redisProbe(deps.redis));
  const healthReport = makeHealthReport({
    version: deps.version,
    nodeId: config.nodeId,
    startedAt: deps.startedAt,
    clock: systemClock,
    probes,
    // Said without asking OTRS: /health must answer while OTRS is down (its client has its own circuit).
    features: { otrs: config.otrs ? 'on' : 'off' },
  });
  const readinessReport = makeReadinessReport({
    checks: [
      ...probes.map(dependencyCheck),
      migrationsCheck(async () => {
        const migrations = await createMigrator(database.db).getMigrations();
        return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
      }),
      projectionsCheck({
        expected: projectors.map((p) => p.name),
        progress: () => projections.progress(),
        lag: (projection, atMost) => projections.lag(projection, atMost),
        maxLag: config.http.readyMaxProjectionLag,
      }),
    ],
    details: [
      readHorizonDetail(async () => {
        const holder = await findHorizonHolder(database.pool);
        // A normal append holds the horizon for about a millisecond: name only one that lingers.
        if (!holder || holder.ageSeconds < 1) return null;
        const { pid, xid, applicationName, ageSeconds } = holder;
        return { pid, xid: String(xid), applicationName, ageSeconds: Math.round(ageSeconds * 10) / 10 };
      }),
    ],
  });
  return { healthReport, readinessReport };
}
