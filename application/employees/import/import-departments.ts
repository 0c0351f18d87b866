import {
  type DepartmentState,
  MAX_DEPARTMENT_DEPTH,
  type ParentRef,
  departmentDecider,
  departmentStreamId,
} from '../../../domain/employees/index.ts';
import { DomainError, type EventMetadata } from '../../../domain/shared/index.ts';
import type { EmployeeSheet } from '../employee-sheet.ts';
import { foldText } from '../search/index.ts';
import type { StreamWorkspace } from './stream-workspace.ts';

/** The departments of an import: those the employees read model has, by folded name, and those the sheet adds. */
export interface ImportDepartments {
  /**
   * The open department named `name` (case, ё/е and spacing aside), created with its parent from the
   * departments sheet when missing.
   * @throws {DomainError} `DEPARTMENT.CLOSED` for a name only a closed department has.
   */
  ensure(name: string): string;
  /** The name of department `id`, `null` for none. */
  nameOf(id: string | null): string | null;
  /** The names of the departments `ensure` created, in the order it created them. */
  readonly created: readonly string[];
}

export interface ImportDepartmentsInput {
  readonly workspace: StreamWorkspace;
  readonly departmentIds: readonly string[];
  readonly sheetDepartments: EmployeeSheet['departments'];
  readonly newId: () => string;
  readonly metadata: EventMetadata;
}

/** Departments as the import finds them in the workspace; creating one decides it into the workspace. */
export function importDepartments(input: ImportDepartmentsInput): ImportDepartments {
  const { workspace, newId, metadata } = input;
  const department = (id: string) => workspace.state(departmentDecider, departmentStreamId(id));

  // Open ones are joined; a name only a closed department has is an error.
  const openDepartments = new Map<string, string>();
  const closedDepartments = new Set<string>();
  for (const id of input.departmentIds) {
    const state = department(id);
    if (state.status === 'open') openDepartments.set(foldText(state.name), id);
    else if (state.status === 'closed') closedDepartments.add(foldText(state.name));
  }

  function ancestorsOf(id: string): string[] {
    const ancestors: string[] = [];
    let next: string | null = (department(id) as Extract<DepartmentState, { parentId: unknown }>).parentId;
    while (next !== null && ancestors.length < MAX_DEPARTMENT_DEPTH) {
      ancestors.push(next);
      const state = department(next);
      next = state.status === 'none' ? null : state.parentId;
    }
    return ancestors;
  }

  const created: string[] = [];
  const sheetParents = new Map(input.sheetDepartments.map((d) => [foldText(d.name), d.parent]));
  function ensure(name: string, depth = 0): string {
    const key = foldText(name);
    const existing = openDepartments.get(key);
    if (existing) return existing;
    if (closedDepartments.has(key)) {
      throw new DomainError('DEPARTMENT.CLOSED', `The department "${name}" is closed`, { name });
    }
    const parentName = sheetParents.get(key) ?? null;
    const parentId =
      parentName !== null && depth < MAX_DEPARTMENT_DEPTH && foldText(parentName) !== key
        ? ensure(parentName, depth + 1)
        : null;
    const parent: ParentRef | null =
      parentId === null
        ? null
        : { departmentId: parentId, status: 'open', ancestorIds: ancestorsOf(parentId) };
    const departmentId = newId();
    workspace.decide(departmentDecider, departmentStreamId(departmentId), {
      type: 'CreateDepartment',
      data: { departmentId, name, parent },
      metadata,
    });
    openDepartments.set(key, departmentId);
    created.push(name);
    return departmentId;
  }

  return {
    ensure: (name) => ensure(name),
    nameOf(id) {
      const state = id === null ? null : department(id);
      return state && state.status !== 'none' ? state.name : null;
    },
    created,
  };
}
