import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { FieldChange } from './employee-fields.ts';
import { requireActiveEmployee } from './employee-decider.ts';
import type { WorkstationCommand } from './workstation-commands.ts';
import { normalizeWorkstationDetails, normalizeWorkstationField } from './workstation-details.ts';
import type { WorkstationDetails, WorkstationEvent, WorkstationField } from './workstation-events.ts';

export type WorkstationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'retired';
      readonly workstationId: string;
      readonly details: WorkstationDetails;
      readonly employeeId: string | null;
    };

const WORKSTATION_FIELDS: readonly WorkstationField[] = ['hostname', 'ip', 'inventoryNumber'];

function active(state: WorkstationState, workstationId: string) {
  if (state.status === 'none') {
    throw new DomainError('WORKSTATION.NOT_FOUND', `No workstation ${workstationId}`, { workstationId });
  }
  if (state.status === 'retired') {
    throw new DomainError('WORKSTATION.RETIRED', `Workstation ${state.details.hostname} is retired`, {
      workstationId,
    });
  }
  return state;
}

function applyChanges(
  details: WorkstationDetails,
  changes: readonly FieldChange<WorkstationField>[],
): WorkstationDetails {
  return changes.reduce<WorkstationDetails>((next, { field, to }) => ({ ...next, [field]: to }), details);
}

/**
 * A workstation: registered (to an employee or nobody), its details changed, given to and taken from
 * employees, retired for good. Host name uniqueness lives on the claim streams ({@link hostnameDecider}).
 */
export const workstationDecider: Decider<WorkstationCommand, WorkstationEvent, WorkstationState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'WorkstationRegistered': {
        const { workstationId, details, employeeId } = event.data;
        return { status: 'active', workstationId, details, employeeId };
      }
      case 'WorkstationDetailsChanged':
        return state.status === 'none'
          ? state
          : { ...state, details: applyChanges(state.details, event.data.changes) };
      case 'WorkstationAssigned':
        return state.status === 'none' ? state : { ...state, employeeId: event.data.to };
      case 'WorkstationRetired':
        return state.status === 'none' ? state : { ...state, status: 'retired' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { workstationId } = command.data;
    switch (command.type) {
      case 'RegisterWorkstation': {
        if (state.status !== 'none') {
          throw new DomainError('WORKSTATION.ALREADY_EXISTS', `Workstation ${workstationId} exists already`, {
            workstationId,
          });
        }
        const details = normalizeWorkstationDetails(command.data.details);
        const { employee } = command.data;
        if (employee) requireActiveEmployee(employee);
        const employeeId = employee?.employeeId ?? null;
        return [{ type: 'WorkstationRegistered', data: { workstationId, details, employeeId } }];
      }
      case 'ChangeWorkstationDetails': {
        const { details } = active(state, workstationId);
        const changes: FieldChange<WorkstationField>[] = [];
        for (const field of WORKSTATION_FIELDS) {
          const value = command.data.changes[field];
          if (value === undefined) continue;
          const to = normalizeWorkstationField(field, value);
          if (to !== details[field]) changes.push({ field, from: details[field], to });
        }
        return changes.length === 0
          ? []
          : [{ type: 'WorkstationDetailsChanged', data: { workstationId, changes } }];
      }
      case 'AssignWorkstation': {
        const workstation = active(state, workstationId);
        const { employee } = command.data;
        if (employee.employeeId === workstation.employeeId) return [];
        requireActiveEmployee(employee);
        return [
          {
            type: 'WorkstationAssigned',
            data: { workstationId, from: workstation.employeeId, to: employee.employeeId },
          },
        ];
      }
      case 'UnassignWorkstation': {
        const workstation = active(state, workstationId);
        if (workstation.employeeId === null) return [];
        return [
          { type: 'WorkstationAssigned', data: { workstationId, from: workstation.employeeId, to: null } },
        ];
      }
      case 'RetireWorkstation':
        if (state.status === 'retired') return [];
        active(state, workstationId);
        return [{ type: 'WorkstationRetired', data: { workstationId } }];
      default:
        return assertNever(command);
    }
  },
};
