import type { EmployeeSheetRecord, SheetDepartment } from './employee-sheet.ts';

export interface DepartmentView {
  readonly departmentId: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly status: 'open' | 'closed';
  readonly activeEmployees: number;
}

export interface WorkstationDetailView {
  readonly workstationId: string;
  readonly hostname: string;
  readonly ip: string | null;
  readonly inventoryNumber: string | null;
  readonly employeeId: string | null;
  readonly employeeName: string | null;
  readonly status: 'active' | 'retired';
}

export interface WorkstationListOptions {
  /** Host names starting with this (lower case). */
  readonly hostnamePrefix?: string;
  readonly includeRetired?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** The employees as one sheet: what an export writes (and an import reads back unchanged). */
export interface EmployeesExport {
  readonly rows: readonly EmployeeSheetRecord[];
  readonly departments: readonly SheetDepartment[];
}

/**
 * Reads of the employees read model (schema `employees`) besides the search: departments, workstations,
 * and everyone for an export. Eventually consistent with the log.
 */
export interface EmployeesQueries {
  listDepartments(): Promise<DepartmentView[]>;
  getDepartment(departmentId: string): Promise<DepartmentView | null>;
  listWorkstations(options: WorkstationListOptions): Promise<WorkstationDetailView[]>;
  getWorkstation(workstationId: string): Promise<WorkstationDetailView | null>;
  /** Employees not forgotten, dismissed ones included (flagged), by department and name. */
  exportEmployees(): Promise<EmployeesExport>;
}
