import type { Command } from '../shared/index.ts';

/** Where a department stands, as another aggregate's command reports it (read by the application). */
export type DepartmentStatus = 'none' | 'open' | 'closed';

/** A department a command refers to, with its status read from its stream just before. */
export interface DepartmentRef {
  readonly departmentId: string;
  readonly status: DepartmentStatus;
}

/**
 * A prospective parent: its status and its ancestors, nearest first, as far as the application read them
 * (at most {@link MAX_DEPARTMENT_DEPTH}): enough for the decider to refuse cycles and runaway depth.
 */
export interface ParentRef extends DepartmentRef {
  readonly ancestorIds: readonly string[];
}

/** How deep departments nest; the application reads no further up a parent chain than this. */
export const MAX_DEPARTMENT_DEPTH = 32;

export type CreateDepartment = Command<
  'CreateDepartment',
  { departmentId: string; name: string; parent: ParentRef | null }
>;
export type RenameDepartment = Command<'RenameDepartment', { departmentId: string; name: string }>;
/** Nest under `parent`, or make top-level with `null`. */
export type MoveDepartment = Command<'MoveDepartment', { departmentId: string; parent: ParentRef | null }>;
/** `activeEmployees`: how many active employees the department has (from the read model). */
export type CloseDepartment = Command<'CloseDepartment', { departmentId: string; activeEmployees: number }>;

export type DepartmentCommand = CreateDepartment | RenameDepartment | MoveDepartment | CloseDepartment;
