import type { Context } from 'koa';
import type { MaintenanceCommandResult, MaintenanceCommands } from '../../../application/monitoring/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { MonitoringQueries } from '../../../projections/monitoring/index.ts';
import { adminWrite } from '../admin-write.ts';
import { namingTheField } from './field-refusals.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { MaintenanceWindow, items } from './monitoring-responses.ts';
import { EDITORS, IdParams, MaintenanceBody, MaintenanceListQuery, READERS } from './monitoring-schemas.ts';

export interface MaintenanceRoutesDeps {
  readonly maintenance: MaintenanceCommands;
  readonly queries: MonitoringQueries;
  readonly waitForMonitoring: (checkpoint: Checkpoint) => Promise<boolean>;
}

const SCOPE = 'monitoring-maintenance';
const answers = { 200: { description: 'The maintenance window', schema: MaintenanceWindow } };

/** `/api/v1/monitoring/maintenance`: windows in which a server's or a group's alerts are silent. */
export function maintenanceRoutes(deps: MaintenanceRoutesDeps): ApiFeature {
  const maintenance = apiFeature('/monitoring/maintenance', 'Monitoring');

  const answer = (ctx: Context, result: MaintenanceCommandResult, status = 200) =>
    answerCommitted(ctx, {
      result,
      id: result.windowId,
      path: `/monitoring/maintenance/${result.windowId}`,
      status,
      waitFor: deps.waitForMonitoring,
      read: () => deps.queries.getMaintenanceWindow(result.windowId),
    });

  maintenance.get(
    '/',
    {
      summary: 'Maintenance windows, latest first (includeEnded=true: the ended ones too)',
      access: READERS,
      request: { query: MaintenanceListQuery },
      responses: { 200: { description: 'Maintenance windows', schema: items(MaintenanceWindow) } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.queries.listMaintenanceWindows(query) };
    },
  );

  maintenance.get(
    '/:id',
    { summary: 'One maintenance window', access: READERS, request: { params: IdParams }, responses: answers },
    async (ctx, { params }) => {
      const window = await deps.queries.getMaintenanceWindow(params.id);
      if (!window) throw new DomainError('MAINTENANCE.NOT_FOUND', `No maintenance window ${params.id}`);
      ctx.body = window;
    },
  );

  maintenance.post(
    '/',
    {
      summary:
        'Set a maintenance window of a server or a group: once (from, until) or recurring (cron, time zone)',
      access: EDITORS,
      idempotent: true,
      request: { body: MaintenanceBody },
      responses: { 201: { description: 'The new window', schema: MaintenanceWindow }, ...ACCEPTED_RESPONSE },
    },
    namingTheField(async (ctx, { body }) => {
      const window = { target: body.target, schedule: body.schedule, reason: body.reason ?? null };
      await answer(ctx, await deps.maintenance.schedule(window, adminWrite(ctx, SCOPE)), 201);
    }),
  );

  maintenance.post(
    '/:id/end',
    {
      summary: 'End a maintenance window now, for good',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: { ...answers, ...ACCEPTED_RESPONSE },
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.maintenance.end(params.id, adminWrite(ctx, SCOPE)));
    },
  );

  return maintenance.feature;
}
