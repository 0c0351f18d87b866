import type { Kysely } from 'kysely';
import { type EscalationTimer, makeEscalationTimer } from '../../application/otrs/escalation-timer.ts';
import { makeTicketCommands } from '../../application/otrs/index.ts';
import {
  type Clock,
  type EventStore,
  type LeaseManager,
  type Logger,
  randomIds,
  systemClock,
} from '../../application/ports/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { type OtrsDatabase, otrsQueries } from '../../projections/otrs/index.ts';

/** The feed's setting (`otrs.escalationWarnMinutes`): the timer must warn as early as the observations do. */
const WARN_SETTING = 'otrs.escalationWarnMinutes';
const DEFAULT_WARN_MINUTES = 60;
const UNDEFINED_TABLE = '42P01';

export interface OtrsEscalationRuntimeDeps {
  readonly config: Pick<Config, 'nodeId' | 'roles' | 'otrs'>;
  readonly db: Kysely<OtrsDatabase>;
  readonly eventStore: EventStore;
  readonly leases: LeaseManager;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Tests shorten them. */
  readonly everyMs?: number;
  readonly batchSize?: number;
}

/** `otrs.escalationWarnMinutes` in seconds, read at each run. */
export const escalationWarnSeconds = (settings: OtrsEscalationRuntimeDeps['settings']) => (): number => {
  const minutes = settings.current()[WARN_SETTING];
  return (typeof minutes === 'number' ? minutes : DEFAULT_WARN_MINUTES) * 60;
};

/** The timer, not started: what `startOtrsEscalationTimer` runs (and a test runs once). */
export function otrsEscalationTimer(deps: OtrsEscalationRuntimeDeps): EscalationTimer {
  const queries = otrsQueries(deps.db);
  const { logger } = deps;
  return makeEscalationTimer({
    async dueEscalations(options) {
      try {
        return await queries.dueEscalations(options);
      } catch (error) {
        // The read model is not made yet (a first start, a version's rebuild): nothing is due until it is.
        if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
        throw error;
      }
    },
    tickets: makeTicketCommands(deps.eventStore),
    leases: deps.leases,
    warnBeforeSeconds: escalationWarnSeconds(deps.settings),
    clock: deps.clock ?? systemClock,
    ids: randomIds,
    logger,
    nodeId: deps.config.nodeId,
    ...(deps.everyMs === undefined ? {} : { everyMs: deps.everyMs }),
    ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
  });
}

/**
 * The OTRS escalation timer of a node with the workers role, when the OTRS feature is on (one node of the
 * cluster runs it at a time, under a lease); `null` otherwise. serve.ts: start it after the projection
 * runner, push its `stop`.
 */
export function startOtrsEscalationTimer(deps: OtrsEscalationRuntimeDeps): { stop(): Promise<void> } | null {
  if (deps.config.otrs === undefined || !deps.config.roles.includes('workers')) return null;
  return otrsEscalationTimer(deps).start();
}
