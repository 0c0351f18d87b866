import type { MonitoringQueries } from '../../../projections/monitoring/index.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { States } from './monitoring-responses.ts';
import { Page, READERS } from './monitoring-schemas.ts';
import { z } from 'zod';

export interface StatesRoutesDeps {
  readonly queries: MonitoringQueries;
}

const StatesQuery = z.strictObject({ groupId: z.uuid().optional(), ...Page });

/** `/api/v1/monitoring/states`: the board: each group UP or DOWN by its rule, each server's state since when. */
export function statesRoutes(deps: StatesRoutesDeps): ApiFeature {
  const states = apiFeature('/monitoring/states', 'Monitoring');
  states.get(
    '/',
    {
      summary: 'The state of every group and server (a page of servers, by name)',
      access: READERS,
      request: { query: StatesQuery },
      responses: { 200: { description: 'Groups and servers', schema: States } },
    },
    async (ctx, { query }) => {
      const [groups, servers] = await Promise.all([
        deps.queries.listGroups(),
        deps.queries.listServers(query),
      ]);
      ctx.body = {
        groups:
          query.groupId === undefined ? groups : groups.filter((group) => group.groupId === query.groupId),
        servers: servers.map(({ serverId, name, groupId, status, state, stateSince, updatedAt }) => ({
          serverId,
          name,
          groupId,
          status,
          state,
          stateSince,
          updatedAt,
        })),
      };
    },
  );
  return states.feature;
}
