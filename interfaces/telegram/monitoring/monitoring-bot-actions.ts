import type { CheckStateCommands, MaintenanceCommands } from '../../../application/monitoring/index.ts';
import type { CheckResults } from '../../../application/ports/check-results.ts';
import type { MonitoringQueries, ServerView } from '../../../projections/monitoring/index.ts';

/** What `/status`, `/server`, `/ack` and `/maintenance` need, handed in by the runtime. */
export interface MonitoringBotActions {
  readonly queries: Pick<MonitoringQueries, 'listGroups' | 'listServers' | 'listIncidents'>;
  /** The server (not removed) of that name, case ignored; `null` when there is none. */
  serverNamed(name: string): Promise<ServerView | null>;
  readonly results: Pick<CheckResults, 'uptime' | 'latencyPercentiles' | 'recent'>;
  readonly checkStates: Pick<CheckStateCommands, 'acknowledge'>;
  readonly maintenance: Pick<MaintenanceCommands, 'schedule'>;
}
