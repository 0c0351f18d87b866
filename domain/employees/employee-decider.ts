import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import { requireOpenDepartment } from './department-decider.ts';
import type { EmployeeCommand } from './employee-commands.ts';
import { normalizeEmployeeDetails, normalizeEmployeeField } from './employee-details.ts';
import type { EmployeeEvent } from './employee-events.ts';
import { EMPLOYEE_FIELDS, type EmployeeDetails, type FieldChange } from './employee-fields.ts';

export type EmployeeState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'dismissed';
      readonly employeeId: string;
      readonly departmentId: string | null;
      readonly details: EmployeeDetails;
    }
  // Nothing personal is kept once the person is forgotten, not even in memory.
  | { readonly status: 'forgotten'; readonly employeeId: string };

/** What other aggregates need to know of an employee (a workstation's owner must be active). */
export type EmployeeStatus = EmployeeState['status'];

/** An employee a command refers to, with the status the application read from their stream. */
export interface EmployeeRef {
  readonly employeeId: string;
  readonly status: EmployeeStatus;
}

const notFound = (employeeId: string) =>
  new DomainError('EMPLOYEE.NOT_FOUND', `No employee ${employeeId}`, { employeeId });
const dismissed = (employeeId: string) =>
  new DomainError('EMPLOYEE.DISMISSED', `Employee ${employeeId} is dismissed`, { employeeId });
const forgotten = (employeeId: string) =>
  new DomainError('EMPLOYEE.FORGOTTEN', `Employee ${employeeId} is forgotten`, { employeeId });

/** Refuses an employee who is unknown, dismissed or forgotten. */
export function requireActiveEmployee(ref: EmployeeRef): void {
  if (ref.status === 'none') throw notFound(ref.employeeId);
  if (ref.status === 'dismissed') throw dismissed(ref.employeeId);
  if (ref.status === 'forgotten') throw forgotten(ref.employeeId);
}

function known(state: EmployeeState, employeeId: string) {
  if (state.status === 'none') throw notFound(employeeId);
  if (state.status === 'forgotten') throw forgotten(employeeId);
  return state;
}

function active(state: EmployeeState, employeeId: string) {
  const employee = known(state, employeeId);
  if (employee.status === 'dismissed') throw dismissed(employeeId);
  return employee;
}

function applyChanges(details: EmployeeDetails, changes: readonly FieldChange[]): EmployeeDetails {
  return changes.reduce<EmployeeDetails>((next, { field, to }) => ({ ...next, [field]: to }), details);
}

/**
 * An employee: registered into an open department (or none), their details changed field by field, moved,
 * dismissed and restored, and at last forgotten, after which every command is refused.
 */
export const employeeDecider: Decider<EmployeeCommand, EmployeeEvent, EmployeeState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'EmployeeRegistered': {
        const { employeeId, departmentId, details } = event.data;
        return { status: 'active', employeeId, departmentId, details };
      }
      case 'EmployeeDetailsChanged':
        return state.status === 'active' || state.status === 'dismissed'
          ? { ...state, details: applyChanges(state.details, event.data.changes) }
          : state;
      case 'EmployeeMoved':
        return state.status === 'active' || state.status === 'dismissed'
          ? { ...state, departmentId: event.data.to }
          : state;
      case 'EmployeeDismissed':
        return state.status === 'active' ? { ...state, status: 'dismissed' } : state;
      case 'EmployeeRestored':
        return state.status === 'dismissed' ? { ...state, status: 'active' } : state;
      case 'EmployeeForgotten':
        return { status: 'forgotten', employeeId: event.data.employeeId };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { employeeId } = command.data;
    switch (command.type) {
      case 'RegisterEmployee': {
        if (state.status === 'forgotten') throw forgotten(employeeId);
        if (state.status !== 'none') {
          throw new DomainError('EMPLOYEE.ALREADY_EXISTS', `Employee ${employeeId} exists already`, {
            employeeId,
          });
        }
        const details = normalizeEmployeeDetails(command.data.details);
        const { department } = command.data;
        if (department) requireOpenDepartment(department);
        const departmentId = department?.departmentId ?? null;
        return [{ type: 'EmployeeRegistered', data: { employeeId, departmentId, details } }];
      }
      case 'ChangeEmployeeDetails': {
        const { details } = active(state, employeeId);
        const changes: FieldChange[] = [];
        for (const field of EMPLOYEE_FIELDS) {
          const value = command.data.changes[field];
          if (value === undefined) continue;
          const to = normalizeEmployeeField(field, value);
          if (to !== details[field]) changes.push({ field, from: details[field], to });
        }
        return changes.length === 0
          ? []
          : [{ type: 'EmployeeDetailsChanged', data: { employeeId, changes } }];
      }
      case 'MoveEmployee': {
        const employee = active(state, employeeId);
        const { department } = command.data;
        const to = department?.departmentId ?? null;
        if (to === employee.departmentId) return [];
        if (department) requireOpenDepartment(department);
        return [{ type: 'EmployeeMoved', data: { employeeId, from: employee.departmentId, to } }];
      }
      case 'DismissEmployee':
        return known(state, employeeId).status === 'dismissed'
          ? []
          : [{ type: 'EmployeeDismissed', data: { employeeId } }];
      case 'RestoreEmployee': {
        const employee = known(state, employeeId);
        if (employee.status === 'active') return [];
        const { departmentStatus } = command.data;
        if (employee.departmentId !== null && departmentStatus !== null) {
          requireOpenDepartment({ departmentId: employee.departmentId, status: departmentStatus });
        }
        return [{ type: 'EmployeeRestored', data: { employeeId } }];
      }
      case 'ForgetEmployee':
        if (state.status === 'forgotten') return [];
        known(state, employeeId);
        return [{ type: 'EmployeeForgotten', data: { employeeId } }];
      default:
        return assertNever(command);
    }
  },
};
