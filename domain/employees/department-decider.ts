import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import {
  type DepartmentCommand,
  type DepartmentRef,
  MAX_DEPARTMENT_DEPTH,
  type ParentRef,
} from './department-commands.ts';
import type { DepartmentEvent } from './department-events.ts';
import { checkLength, plainText } from './text-value.ts';

export type DepartmentState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open' | 'closed';
      readonly departmentId: string;
      readonly name: string;
      readonly parentId: string | null;
    };

/** Trims and checks a department name: required, plain text, at most 200 characters. */
export function normalizeDepartmentName(name: string): string {
  const text = plainText(name, 'DEPARTMENT.INVALID_NAME', 'name');
  if (text === null) throw new DomainError('DEPARTMENT.INVALID_NAME', 'A department needs a name');
  checkLength(text, 200, 'DEPARTMENT.INVALID_NAME', 'name');
  return text;
}

/** Refuses a department that is missing or closed: people and sub-departments go only into open ones. */
export function requireOpenDepartment(ref: DepartmentRef): void {
  const { departmentId } = ref;
  if (ref.status === 'none') {
    throw new DomainError('DEPARTMENT.NOT_FOUND', `No department ${departmentId}`, { departmentId });
  }
  if (ref.status === 'closed') {
    throw new DomainError('DEPARTMENT.CLOSED', `Department ${departmentId} is closed`, { departmentId });
  }
}

function checkParent(departmentId: string, parent: ParentRef): void {
  if (parent.departmentId === departmentId || parent.ancestorIds.includes(departmentId)) {
    throw new DomainError(
      'DEPARTMENT.CYCLE',
      'A department cannot be nested under itself or its descendant',
      {
        departmentId,
        parentId: parent.departmentId,
      },
    );
  }
  requireOpenDepartment(parent);
  if (parent.ancestorIds.length + 1 >= MAX_DEPARTMENT_DEPTH) {
    throw new DomainError('DEPARTMENT.TOO_DEEP', `Departments nest at most ${MAX_DEPARTMENT_DEPTH} deep`, {
      departmentId,
      parentId: parent.departmentId,
    });
  }
}

function open(state: DepartmentState, departmentId: string) {
  if (state.status === 'none') {
    throw new DomainError('DEPARTMENT.NOT_FOUND', `No department ${departmentId}`, { departmentId });
  }
  if (state.status === 'closed') {
    throw new DomainError('DEPARTMENT.CLOSED', `Department ${state.name} is closed`, { departmentId });
  }
  return state;
}

/** A department: created (optionally under a parent), renamed, moved in the tree, closed for good. */
export const departmentDecider: Decider<DepartmentCommand, DepartmentEvent, DepartmentState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'DepartmentCreated': {
        const { departmentId, name, parentId } = event.data;
        return { status: 'open', departmentId, name, parentId };
      }
      case 'DepartmentRenamed':
        return state.status === 'none' ? state : { ...state, name: event.data.to };
      case 'DepartmentMoved':
        return state.status === 'none' ? state : { ...state, parentId: event.data.to };
      case 'DepartmentClosed':
        return state.status === 'none' ? state : { ...state, status: 'closed' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { departmentId } = command.data;
    switch (command.type) {
      case 'CreateDepartment': {
        if (state.status !== 'none') {
          throw new DomainError('DEPARTMENT.ALREADY_EXISTS', `Department ${departmentId} exists already`, {
            departmentId,
          });
        }
        const name = normalizeDepartmentName(command.data.name);
        const { parent } = command.data;
        if (parent) checkParent(departmentId, parent);
        return [
          { type: 'DepartmentCreated', data: { departmentId, name, parentId: parent?.departmentId ?? null } },
        ];
      }
      case 'RenameDepartment': {
        const department = open(state, departmentId);
        const name = normalizeDepartmentName(command.data.name);
        if (name === department.name) return [];
        return [{ type: 'DepartmentRenamed', data: { departmentId, from: department.name, to: name } }];
      }
      case 'MoveDepartment': {
        const department = open(state, departmentId);
        const { parent } = command.data;
        if (parent) checkParent(departmentId, parent);
        const to = parent?.departmentId ?? null;
        if (to === department.parentId) return [];
        return [{ type: 'DepartmentMoved', data: { departmentId, from: department.parentId, to } }];
      }
      case 'CloseDepartment': {
        if (state.status === 'closed') return [];
        open(state, departmentId);
        const { activeEmployees } = command.data;
        if (activeEmployees > 0) {
          throw new DomainError(
            'DEPARTMENT.NOT_EMPTY',
            `Department ${departmentId} still has ${activeEmployees} active employee(s)`,
            { departmentId, activeEmployees },
          );
        }
        return [{ type: 'DepartmentClosed', data: { departmentId } }];
      }
      default:
        return assertNever(command);
    }
  },
};
