import type { Kysely } from 'kysely';
import type { Config } from '../../infrastructure/config/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { otrsReadRoutes } from '../http/otrs/otrs-read-routes.ts';
import {
  type OtrsDatabase,
  type OtrsMetricsDatabase,
  otrsMetricsQueries,
  otrsQueries,
} from '../../projections/otrs/index.ts';
import type { OtrsReadBotActions } from '../telegram/otrs/otrs-read-actions.ts';

/** The node's Kysely as the OTRS read models' queries see it. */
export type OtrsReadDb = Kysely<OtrsDatabase & OtrsMetricsDatabase>;

/** The OTRS read model's queries, as the bot and the API read them. */
export function otrsReads(db: OtrsReadDb) {
  return { tickets: otrsQueries(db), metrics: otrsMetricsQueries(db) };
}

/** What `/mytickets`, `/ticket` and `/queue` read. */
export const otrsReadBotActions = (db: OtrsReadDb): OtrsReadBotActions => otrsReads(db);

/** `/api/v1/otrs/tickets...` and `/api/v1/otrs/agents/metrics`; none when the OTRS feature is off. */
export function openOtrsReadRoutes(deps: {
  readonly config: Config;
  readonly db: Kysely<Database>;
}): ApiFeature[] {
  if (deps.config.otrs === undefined) return [];
  return otrsReadRoutes(otrsReads(deps.db.withTables<OtrsDatabase & OtrsMetricsDatabase>()));
}
