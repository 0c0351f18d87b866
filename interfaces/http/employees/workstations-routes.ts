import type { Context } from 'koa';
import { z } from 'zod';
import type {
  EmployeesQueries,
  WorkstationCommandResult,
  WorkstationCommands,
} from '../../../application/employees/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { adminWrite } from '../admin-write.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { plainString } from '../plain-text-schema.ts';
import { EDITORS, IdParams, Page, READERS, WorkstationDetail } from './employees-schemas.ts';

export interface WorkstationsRoutesDeps {
  readonly workstations: WorkstationCommands;
  readonly queries: EmployeesQueries;
  readonly waitForEmployees: (checkpoint: Checkpoint) => Promise<boolean>;
}

const Hostname = plainString().trim().min(1).max(253);
const Details = {
  ip: plainString().trim().max(45).nullable().optional(),
  inventoryNumber: plainString().trim().max(64).nullable().optional(),
};
const answers = { 200: { description: 'The workstation', schema: WorkstationDetail } };
const written = { ...answers, ...ACCEPTED_RESPONSE };

/** `/api/v1/workstations`: computers by host name, IP and inventory number, and who they belong to. */
export function workstationsRoutes(deps: WorkstationsRoutesDeps): ApiFeature {
  const workstations = apiFeature('/workstations', 'Workstations');

  async function answer(ctx: Context, result: WorkstationCommandResult, status = 200): Promise<void> {
    await answerCommitted(ctx, {
      result,
      id: result.workstationId,
      path: `/workstations/${result.workstationId}`,
      status,
      waitFor: deps.waitForEmployees,
      read: () => deps.queries.getWorkstation(result.workstationId),
    });
  }

  workstations.get(
    '/',
    {
      summary: 'Workstations by host name',
      access: READERS,
      request: {
        query: z.strictObject({
          hostname: z
            .string()
            .trim()
            .toLowerCase()
            .max(253)
            .optional()
            .describe('Host names starting with this'),
          retired: z.enum(['true', 'false']).default('false').describe('Include retired workstations'),
          ...Page,
        }),
      },
      responses: {
        200: { description: 'Workstations', schema: z.object({ items: z.array(WorkstationDetail) }) },
      },
    },
    async (ctx, { query }) => {
      ctx.body = {
        items: await deps.queries.listWorkstations({
          ...(query.hostname === undefined ? {} : { hostnamePrefix: query.hostname }),
          includeRetired: query.retired === 'true',
          limit: query.limit,
          offset: query.offset,
        }),
      };
    },
  );

  workstations.get(
    '/:id',
    { summary: 'One workstation', access: READERS, request: { params: IdParams }, responses: answers },
    async (ctx, { params }) => {
      const workstation = await deps.queries.getWorkstation(params.id);
      if (!workstation) throw new DomainError('WORKSTATION.NOT_FOUND', `No workstation ${params.id}`);
      ctx.body = workstation;
    },
  );

  workstations.post(
    '/',
    {
      summary: 'Register a workstation (host names are unique among active workstations)',
      access: EDITORS,
      idempotent: true,
      request: {
        body: z.strictObject({ hostname: Hostname, ...Details, employeeId: z.uuid().nullable().optional() }),
      },
      responses: {
        201: { description: 'The new workstation', schema: WorkstationDetail },
        ...ACCEPTED_RESPONSE,
      },
    },
    async (ctx, { body }) => {
      await answer(ctx, await deps.workstations.register(body, adminWrite(ctx, 'workstations')), 201);
    },
  );

  workstations.patch(
    '/:id',
    {
      summary: "Change a workstation's host name, IP or inventory number",
      access: EDITORS,
      idempotent: true,
      request: {
        params: IdParams,
        body: z
          .strictObject({ hostname: Hostname.optional(), ...Details })
          .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' }),
      },
      responses: written,
    },
    async (ctx, { params, body }) => {
      await answer(
        ctx,
        await deps.workstations.changeDetails(params.id, body, adminWrite(ctx, 'workstations')),
      );
    },
  );

  workstations.post(
    '/:id/assign',
    {
      summary: 'Give a workstation to an employee, or take it back with null',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: z.strictObject({ employeeId: z.uuid().nullable() }) },
      responses: written,
    },
    async (ctx, { params, body }) => {
      const write = adminWrite(ctx, 'workstations');
      await answer(
        ctx,
        body.employeeId === null
          ? await deps.workstations.unassign(params.id, write)
          : await deps.workstations.assign(params.id, body.employeeId, write),
      );
    },
  );

  workstations.post(
    '/:id/retire',
    {
      summary: 'Retire a workstation (frees its host name)',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: written,
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.workstations.retire(params.id, adminWrite(ctx, 'workstations')));
    },
  );

  return workstations.feature;
}
