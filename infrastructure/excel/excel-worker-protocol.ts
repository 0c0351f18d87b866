import type {
  EmployeeSheet,
  EmployeeSheetReadOptions,
  EmployeeSheetRecord,
  SheetDepartment,
} from '../../application/employees/employee-sheet.ts';
import type { SheetGrid, SheetImportErrorCode } from '../../application/employees/sheet/index.ts';
import type { ImportLimits } from './import-limits.ts';
import type { WorkbookContainer } from './workbook-sniffer.ts';

/** What the main thread asks the Excel worker: one request per worker. */
export type ExcelWorkerRequest =
  | {
      readonly kind: 'read';
      readonly bytes: Uint8Array;
      readonly container: WorkbookContainer;
      readonly limits: ImportLimits;
      readonly options: EmployeeSheetReadOptions;
    }
  | {
      /** A sheet read as grids of cells, for an import that interprets them itself (servers). */
      readonly kind: 'grids';
      readonly bytes: Uint8Array;
      readonly container: WorkbookContainer | 'csv';
      readonly limits: ImportLimits;
    }
  | {
      readonly kind: 'write';
      readonly rows: readonly EmployeeSheetRecord[];
      readonly departments: readonly SheetDepartment[];
    };

/** A refusal as it crosses the thread boundary (error classes do not survive structured cloning). */
export interface ExcelWorkerFailure {
  readonly code: SheetImportErrorCode;
  readonly message: string;
  readonly context: Readonly<Record<string, unknown>>;
}

export type ExcelWorkerResponse =
  | { readonly ok: true; readonly kind: 'read'; readonly sheet: EmployeeSheet }
  | { readonly ok: true; readonly kind: 'grids'; readonly grids: SheetGrid[] }
  | { readonly ok: true; readonly kind: 'write'; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly error: ExcelWorkerFailure };
