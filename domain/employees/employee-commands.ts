import type { Command } from '../shared/index.ts';
import type { DepartmentRef, DepartmentStatus } from './department-commands.ts';
import type { EmployeeDetailsInput, EmployeeDetailsPatch } from './employee-details.ts';

/** `department`: where the employee goes, with its status read by the application; `null` for none. */
export type RegisterEmployee = Command<
  'RegisterEmployee',
  { employeeId: string; department: DepartmentRef | null; details: EmployeeDetailsInput }
>;
export type ChangeEmployeeDetails = Command<
  'ChangeEmployeeDetails',
  { employeeId: string; changes: EmployeeDetailsPatch }
>;
export type MoveEmployee = Command<'MoveEmployee', { employeeId: string; department: DepartmentRef | null }>;
export type DismissEmployee = Command<'DismissEmployee', { employeeId: string }>;
/** `departmentStatus`: the status of the department the employee belongs to (`null` when none). */
export type RestoreEmployee = Command<
  'RestoreEmployee',
  { employeeId: string; departmentStatus: DepartmentStatus | null }
>;
export type ForgetEmployee = Command<'ForgetEmployee', { employeeId: string }>;

export type EmployeeCommand =
  | RegisterEmployee
  | ChangeEmployeeDetails
  | MoveEmployee
  | DismissEmployee
  | RestoreEmployee
  | ForgetEmployee;
