import type { Kysely } from 'kysely';
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
