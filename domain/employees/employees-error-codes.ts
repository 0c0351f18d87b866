/**
 * The codes the employees feature refuses with (its employees, departments, workstations and imports). A code
 * is a contract: each interface maps every one of them (an HTTP status, a bot reply, an exit code), and the
 * compiler refuses a code missing from a map or misspelt where it is thrown or compared.
 */
export type EmployeesErrorCode =
  EmployeeErrorCode | DepartmentErrorCode | WorkstationErrorCode | ImportErrorCode;

export type EmployeeErrorCode =
  | 'EMPLOYEE.NOT_FOUND'
  | 'EMPLOYEE.ALREADY_EXISTS'
  | 'EMPLOYEE.DISMISSED'
  | 'EMPLOYEE.FORGOTTEN'
  | 'EMPLOYEE.REASON_REQUIRED'
  | EmployeeFieldErrorCode;

/** One code per field of the details, so an interface can point at the field (`employee-details.ts`). */
export type EmployeeFieldErrorCode =
  | 'EMPLOYEE.INVALID_FULL_NAME'
  | 'EMPLOYEE.INVALID_POSITION'
  | 'EMPLOYEE.INVALID_WORK_PHONE'
  | 'EMPLOYEE.INVALID_MOBILE_PHONE'
  | 'EMPLOYEE.INVALID_EXTENSION'
  | 'EMPLOYEE.INVALID_EMAIL'
  | 'EMPLOYEE.INVALID_ROOM'
  | 'EMPLOYEE.INVALID_NOTES';

export type DepartmentErrorCode =
  | 'DEPARTMENT.NOT_FOUND'
  | 'DEPARTMENT.ALREADY_EXISTS'
  | 'DEPARTMENT.CLOSED'
  | 'DEPARTMENT.CYCLE'
  | 'DEPARTMENT.TOO_DEEP'
  | 'DEPARTMENT.NOT_EMPTY'
  | 'DEPARTMENT.INVALID_NAME';

export type WorkstationErrorCode =
  | 'WORKSTATION.NOT_FOUND'
  | 'WORKSTATION.ALREADY_EXISTS'
  | 'WORKSTATION.RETIRED'
  | 'WORKSTATION.HOSTNAME_TAKEN'
  | 'WORKSTATION.INVALID_HOSTNAME'
  | 'WORKSTATION.INVALID_IP'
  | 'WORKSTATION.INVALID_INVENTORY_NUMBER';

export type ImportErrorCode = 'IMPORT.CONFLICT' | 'IMPORT.HEADERS_SETTING_INVALID' | SheetImportErrorCode;

/** Why a workbook could not be read at all (row-level problems are issues in the report, not errors). */
export type SheetImportErrorCode =
  | 'IMPORT.FILE_TOO_LARGE'
  | 'IMPORT.NOT_A_WORKBOOK'
  | 'IMPORT.ENCRYPTED'
  | 'IMPORT.ZIP_BOMB'
  | 'IMPORT.TOO_MANY_ROWS'
  | 'IMPORT.TOO_MANY_COLUMNS'
  | 'IMPORT.PARSE_TIMEOUT'
  | 'IMPORT.PARSE_FAILED'
  | 'IMPORT.NO_HEADER';
