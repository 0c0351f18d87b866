import type { Event } from '../shared/index.ts';

export type DepartmentCreated = Event<
  'DepartmentCreated',
  { departmentId: string; name: string; parentId: string | null }
>;
export type DepartmentRenamed = Event<
  'DepartmentRenamed',
  { departmentId: string; from: string; to: string }
>;
/** Nested under another department (`to`), or made top-level (`null`). */
export type DepartmentMoved = Event<
  'DepartmentMoved',
  { departmentId: string; from: string | null; to: string | null }
>;
export type DepartmentClosed = Event<'DepartmentClosed', { departmentId: string }>;

export type DepartmentEvent = DepartmentCreated | DepartmentRenamed | DepartmentMoved | DepartmentClosed;

export const DEPARTMENT_EVENT_TYPES: readonly DepartmentEvent['type'][] = [
  'DepartmentCreated',
  'DepartmentRenamed',
  'DepartmentMoved',
  'DepartmentClosed',
];
