import type { Context } from 'koa';
import { z } from 'zod';
import type {
  DepartmentCommandResult,
  DepartmentCommands,
  EmployeesQueries,
} from '../../../application/employees/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { adminWrite } from '../admin-write.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { plainString } from '../plain-text-schema.ts';
import { Department, EDITORS, IdParams, READERS } from './employees-schemas.ts';

export interface DepartmentsRoutesDeps {
  readonly departments: DepartmentCommands;
  readonly queries: EmployeesQueries;
  readonly waitForEmployees: (checkpoint: Checkpoint) => Promise<boolean>;
}

const Name = plainString().trim().min(1).max(200);
const answers = { 200: { description: 'The department', schema: Department } };
const written = { ...answers, ...ACCEPTED_RESPONSE };

/** `/api/v1/departments`: the employees' departments, nested under parents; operators edit them. */
export function departmentsRoutes(deps: DepartmentsRoutesDeps): ApiFeature {
  const departments = apiFeature('/departments', 'Departments');

  async function answer(ctx: Context, result: DepartmentCommandResult, status = 200): Promise<void> {
    await answerCommitted(ctx, {
      result,
      id: result.departmentId,
      path: `/departments/${result.departmentId}`,
      status,
      waitFor: deps.waitForEmployees,
      read: () => deps.queries.getDepartment(result.departmentId),
    });
  }

  departments.get(
    '/',
    {
      summary: 'Every department, open and closed, with its count of active employees',
      access: READERS,
      responses: { 200: { description: 'Departments', schema: z.object({ items: z.array(Department) }) } },
    },
    async (ctx) => {
      ctx.body = { items: await deps.queries.listDepartments() };
    },
  );

  departments.get(
    '/:id',
    { summary: 'One department', access: READERS, request: { params: IdParams }, responses: answers },
    async (ctx, { params }) => {
      const department = await deps.queries.getDepartment(params.id);
      if (!department) throw new DomainError('DEPARTMENT.NOT_FOUND', `No department ${params.id}`);
      ctx.body = department;
    },
  );

  departments.post(
    '/',
    {
      summary: 'Create a department (optionally under a parent)',
      access: EDITORS,
      idempotent: true,
      request: { body: z.strictObject({ name: Name, parentId: z.uuid().nullable().optional() }) },
      responses: { 201: { description: 'The new department', schema: Department }, ...ACCEPTED_RESPONSE },
    },
    async (ctx, { body }) => {
      await answer(ctx, await deps.departments.create(body, adminWrite(ctx, 'departments')), 201);
    },
  );

  departments.patch(
    '/:id',
    {
      summary: 'Rename a department',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: z.strictObject({ name: Name }) },
      responses: written,
    },
    async (ctx, { params, body }) => {
      await answer(ctx, await deps.departments.rename(params.id, body.name, adminWrite(ctx, 'departments')));
    },
  );

  departments.post(
    '/:id/move',
    {
      summary: 'Nest a department under another (or make it top-level with null)',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: z.strictObject({ parentId: z.uuid().nullable() }) },
      responses: written,
    },
    async (ctx, { params, body }) => {
      await answer(
        ctx,
        await deps.departments.move(params.id, body.parentId, adminWrite(ctx, 'departments')),
      );
    },
  );

  departments.post(
    '/:id/close',
    {
      summary: 'Close a department (refused while it has active employees)',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: written,
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.departments.close(params.id, adminWrite(ctx, 'departments')));
    },
  );

  return departments.feature;
}
