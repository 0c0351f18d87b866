import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import type { EventStore } from '../../application/ports/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import { createPostgresCheckResults } from '../../infrastructure/monitoring/results/index.ts';
import type { ActorNamesDatabase } from '../../projections/audit/index.ts';
import type { MonitoringDatabase } from '../../projections/monitoring/index.ts';
import type { MonitoringBotActions } from '../telegram/monitoring/index.ts';
import { makeMonitoringCommands } from './monitoring-runtime.ts';

const RETENTION_SETTING = 'monitoring.resultRetentionDays';

export interface MonitoringBotDeps {
  readonly db: Kysely<MonitoringDatabase & ActorNamesDatabase>;
  readonly eventStore: EventStore;
  readonly pool: pg.Pool;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
}

/** The bot's monitoring commands: the read model, the results store, the checks' and windows' handlers. */
export function monitoringBotActions(deps: MonitoringBotDeps): MonitoringBotActions {
  const { queries, checkStates, maintenance } = makeMonitoringCommands(deps);
  const results = createPostgresCheckResults(deps.pool, {
    retentionDays: () => Number(deps.settings.current()[RETENTION_SETTING] ?? 30),
  });
  return {
    queries,
    results,
    checkStates,
    maintenance,
    async serverNamed(name) {
      // Names are unique among servers not removed; a sysadmin types `Core01` for `core01`.
      const row = await deps.db
        .selectFrom('monitoring.servers')
        .select('id')
        .where(sql<string>`lower(name)`, '=', name.toLowerCase())
        .where('status', '<>', 'removed')
        .orderBy('name')
        .limit(1)
        .executeTakeFirst();
      return row ? queries.getServer(row.id) : null;
    },
  };
}
