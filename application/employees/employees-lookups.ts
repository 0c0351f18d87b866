import {
  type DepartmentRef,
  type EmployeeRef,
  MAX_DEPARTMENT_DEPTH,
  type ParentRef,
  departmentDecider,
  departmentStreamId,
  employeeDecider,
  employeeStreamId,
  workstationDecider,
  workstationStreamId,
} from '../../domain/employees/index.ts';
import type { Command, Decider, Event } from '../../domain/shared/index.ts';
import { aggregateStream } from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

const load = async <C extends Command, E extends Event, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamId: string,
): Promise<S> => (await aggregateStream(store, decider, streamId)).state;

/** The department's current state, from its stream. */
export const loadDepartment = (store: EventStore, departmentId: string) =>
  load(store, departmentDecider, departmentStreamId(departmentId));

/** The employee's current state, from their stream. */
export const loadEmployee = (store: EventStore, employeeId: string) =>
  load(store, employeeDecider, employeeStreamId(employeeId));

/** A department and its status, for a command that puts someone or something into it. */
export async function departmentRef(store: EventStore, departmentId: string): Promise<DepartmentRef> {
  return { departmentId, status: (await loadDepartment(store, departmentId)).status };
}

/** An employee and their status, for a command that gives them a workstation. */
export async function employeeRef(store: EventStore, employeeId: string): Promise<EmployeeRef> {
  return { employeeId, status: (await loadEmployee(store, employeeId)).status };
}

/**
 * A prospective parent with its ancestors, read up the parent chain one stream at a time and never further
 * than {@link MAX_DEPARTMENT_DEPTH}: the decider refuses cycles and depth from it.
 */
export async function parentRef(store: EventStore, parentId: string): Promise<ParentRef> {
  const parent = await loadDepartment(store, parentId);
  const ancestorIds: string[] = [];
  let next = parent.status === 'none' ? null : parent.parentId;
  while (next !== null && ancestorIds.length < MAX_DEPARTMENT_DEPTH) {
    ancestorIds.push(next);
    const ancestor = await loadDepartment(store, next);
    next = ancestor.status === 'none' ? null : ancestor.parentId;
  }
  return { departmentId: parentId, status: parent.status, ancestorIds };
}

/** The workstation's current state, from its stream. */
export const loadWorkstation = (store: EventStore, workstationId: string) =>
  load(store, workstationDecider, workstationStreamId(workstationId));
