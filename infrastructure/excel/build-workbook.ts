import * as zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import type {
  EmployeeSheetRecord,
  HeaderAliases,
  SheetDepartment,
} from '../../application/employees/employee-sheet.ts';
import { EMPLOYEE_COLUMNS } from '../../application/employees/employee-sheet.ts';
import { isDismissalNote } from '../../application/employees/sheet/index.ts';

const EMPLOYEE_SHEET_NAME = 'Сотрудники';
const DEPARTMENT_SHEET_NAME = 'Отделы';
const DEPARTMENT_HEADER = ['Отдел', 'Родительский отдел'];

/**
 * Builds the .xlsx export: an employee sheet headed by each column's first alias and a departments sheet.
 * A dismissed person whose notes do not say so gets `уволен` in the notes, so the flag survives a re-import.
 */
export function buildWorkbook(
  rows: readonly EmployeeSheetRecord[],
  departments: readonly SheetDepartment[],
  aliases: HeaderAliases,
): Buffer {
  const header = EMPLOYEE_COLUMNS.map((column) => aliases[column][0] ?? column);
  const body = rows.map((row) =>
    EMPLOYEE_COLUMNS.map((column) => {
      if (column !== 'notes' || !row.dismissed || isDismissalNote(row.notes)) return row[column];
      return row.notes === null ? 'уволен' : `уволен; ${row.notes}`;
    }),
  );
  const workbook = XLSX.utils.book_new();
  const employees = XLSX.utils.aoa_to_sheet([header, ...body], { dense: true });
  employees['!cols'] = header.map((_, index) => ({ wch: index === 0 ? 36 : 18 }));
  XLSX.utils.book_append_sheet(workbook, employees, EMPLOYEE_SHEET_NAME);
  const departmentRows = departments.map((department) => [department.name, department.parent]);
  XLSX.utils.book_append_sheet(
    workbook,
    XLSX.utils.aoa_to_sheet([DEPARTMENT_HEADER, ...departmentRows], { dense: true }),
    DEPARTMENT_SHEET_NAME,
  );
  useNativeDeflate();
  // Values are strings, written as text cells: an extension `0123` or a room `218` stays as it was. Shared
  // strings keep repeated positions and departments once, and read back faster.
  return XLSX.write(workbook, {
    type: 'buffer',
    bookType: 'xlsx',
    compression: true,
    bookSST: true,
  }) as Buffer;
}

/**
 * SheetJS's own deflate compresses sheet XML about 3:1, zlib about 10:1: 100,000 rows come out at ~5 MB instead
 * of ~15 MB, under the import's 10 MiB limit. Its zlib probe reads a deprecated property, hence the muted warning
 * (this thread only exists for this one write).
 */
function useNativeDeflate(): void {
  process.noDeprecation = true;
  (XLSX.CFB as { utils: { use_zlib(library: typeof zlib): void } }).utils.use_zlib(zlib);
}
