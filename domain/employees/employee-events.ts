import type { Event } from '../shared/index.ts';
import type { EmployeeDetails, FieldChange } from './employee-fields.ts';

export type EmployeeRegistered = Event<
  'EmployeeRegistered',
  { employeeId: string; departmentId: string | null; details: EmployeeDetails }
>;
/** Only the fields that really changed, each with its old and new value. */
export type EmployeeDetailsChanged = Event<
  'EmployeeDetailsChanged',
  { employeeId: string; changes: readonly FieldChange[] }
>;
export type EmployeeMoved = Event<
  'EmployeeMoved',
  { employeeId: string; from: string | null; to: string | null }
>;
export type EmployeeDismissed = Event<'EmployeeDismissed', { employeeId: string }>;
export type EmployeeRestored = Event<'EmployeeRestored', { employeeId: string }>;
/**
 * The person's key was deleted: their personal data in earlier events can no longer be read. The event holds
 * no personal data itself; the facts (that someone was registered, moved, dismissed) stay.
 */
export type EmployeeForgotten = Event<'EmployeeForgotten', { employeeId: string }>;

export type EmployeeEvent =
  | EmployeeRegistered
  | EmployeeDetailsChanged
  | EmployeeMoved
  | EmployeeDismissed
  | EmployeeRestored
  | EmployeeForgotten;

export const EMPLOYEE_EVENT_TYPES: readonly EmployeeEvent['type'][] = [
  'EmployeeRegistered',
  'EmployeeDetailsChanged',
  'EmployeeMoved',
  'EmployeeDismissed',
  'EmployeeRestored',
  'EmployeeForgotten',
];
