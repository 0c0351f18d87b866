import type { Context } from 'koa';
import { z } from 'zod';
import type {
  EmployeeCommandResult,
  EmployeeCommands,
  EmployeeSearch,
  ForgetEmployee,
} from '../../../application/employees/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { adminWrite } from '../admin-write.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import {
  ADMINS,
  EDITORS,
  EmployeeCard,
  EmployeePatchBody,
  IdParams,
  ListQuery,
  MoveBody,
  NewEmployeeBody,
  READERS,
  ReasonBody,
  SearchHits,
  SearchQuery,
} from './employees-schemas.ts';

export interface EmployeesRoutesDeps {
  readonly employees: EmployeeCommands;
  readonly forgetEmployee: ForgetEmployee;
  readonly search: EmployeeSearch;
  /** Read-your-writes: resolves once the employees read model has applied `checkpoint`. */
  readonly waitForEmployees: (checkpoint: Checkpoint) => Promise<boolean>;
}

const card = (description: string) => ({ description, schema: EmployeeCard });
const written = (description: string) => ({ 200: card(description), ...ACCEPTED_RESPONSE });

/**
 * `/api/v1/employees`: search (anything a helpdesk agent types), read, and edit the employees. A write
 * answers the employee as the read model shows it once it has the write, or 202 (see `answerCommitted`).
 */
export function employeesRoutes(deps: EmployeesRoutesDeps): ApiFeature {
  const employees = apiFeature('/employees', 'Employees');

  async function answer(ctx: Context, result: EmployeeCommandResult, status = 200): Promise<void> {
    await answerCommitted(ctx, {
      result,
      id: result.employeeId,
      path: `/employees/${result.employeeId}`,
      status,
      waitFor: deps.waitForEmployees,
      read: () => deps.search.getById(result.employeeId),
    });
  }

  employees.get(
    '/search',
    {
      summary: 'Search the directory, best match first',
      description:
        'A name (any case, ё or е, partial, with typos, in Latin letters or typed in the wrong keyboard layout), a ' +
        'phone in any format or its last digits, an extension, a workstation host name or IP, a department.',
      access: READERS,
      request: { query: SearchQuery },
      responses: { 200: { description: 'Matches', schema: SearchHits } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.search.search(query.q, { limit: query.limit, offset: query.offset }) };
    },
  );

  employees.get(
    '/',
    {
      summary: "A department's active employees, by name",
      access: READERS,
      request: { query: ListQuery },
      responses: { 200: { description: 'Employees', schema: z.object({ items: z.array(EmployeeCard) }) } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.search.listByDepartment(query.departmentId, query) };
    },
  );

  employees.get(
    '/:id',
    {
      summary: 'One employee with their workstations',
      access: READERS,
      request: { params: IdParams },
      responses: { 200: card('The employee') },
    },
    async (ctx, { params }) => {
      const employee = await deps.search.getById(params.id);
      if (!employee) throw new DomainError('EMPLOYEE.NOT_FOUND', `No employee ${params.id}`);
      ctx.body = employee;
    },
  );

  employees.post(
    '/',
    {
      summary: 'Register an employee',
      access: EDITORS,
      idempotent: true,
      request: { body: NewEmployeeBody },
      responses: { 201: card('The new employee'), ...ACCEPTED_RESPONSE },
    },
    async (ctx, { body }) => {
      await answer(ctx, await deps.employees.register(body, adminWrite(ctx, 'employees')), 201);
    },
  );

  employees.patch(
    '/:id',
    {
      summary: "Change an employee's details (only the fields given; null clears one)",
      description: 'Each field that really changes is recorded with its old and new value.',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: EmployeePatchBody },
      responses: written('The employee'),
    },
    async (ctx, { params, body }) => {
      await answer(ctx, await deps.employees.changeDetails(params.id, body, adminWrite(ctx, 'employees')));
    },
  );

  employees.post(
    '/:id/move',
    {
      summary: 'Move an employee to another department (or none)',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: MoveBody },
      responses: written('The employee'),
    },
    async (ctx, { params, body }) => {
      await answer(
        ctx,
        await deps.employees.move(params.id, body.departmentId, adminWrite(ctx, 'employees')),
      );
    },
  );

  employees.post(
    '/:id/dismiss',
    {
      summary: 'Dismiss an employee',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: written('The employee'),
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.employees.dismiss(params.id, adminWrite(ctx, 'employees')));
    },
  );

  employees.post(
    '/:id/restore',
    {
      summary: 'Restore a dismissed employee',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: written('The employee'),
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.employees.restore(params.id, adminWrite(ctx, 'employees')));
    },
  );

  employees.post(
    '/:id/forget',
    {
      summary: 'Forget a person (152-FZ, GDPR): their personal data becomes unreadable everywhere',
      description:
        "Deletes the person's data key (their names, phones, e-mail and notes in every event can no longer be " +
        'read) and the keys of the OTRS customer each of their e-mail addresses is (the titles, customer ' +
        'names and excerpts of those tickets), and scrubs the read models and the audit log; the facts stay. ' +
        'Cannot be undone.',
      access: ADMINS,
      idempotent: true,
      request: { params: IdParams, body: ReasonBody },
      responses: written('What remains of the employee'),
    },
    async (ctx, { params, body }) => {
      const write = adminWrite(ctx, 'employees');
      const result = await deps.forgetEmployee(params.id, {
        ...write,
        metadata: { ...write.metadata, reason: body.reason },
      });
      await answer(ctx, result);
    },
  );

  return employees.feature;
}
