import type {
  EmployeeSheet,
  EmployeeSheetReadOptions,
  EmployeeSheetRow,
  HeaderAliases,
  SheetRowIssue,
  SkippedRow,
} from '../employee-sheet.ts';
import { DEFAULT_HEADER_ALIASES } from '../employee-sheet.ts';
import { cellText } from './cell-text.ts';
import { DepartmentSet, isDepartmentSheet, readDepartmentList } from './department-list.ts';
import { isBlankRow, isTotalsRow, parseEmployeeRow } from './employee-row.ts';
import { controlCharacterIssue } from './row-control-characters.ts';
import { type DetectedHeader, detectHeader } from './header-detection.ts';
import { SheetImportError } from './sheet-import-error.ts';
import type { SheetGrid } from './sheet-grid.ts';

/**
 * Turns a workbook's grids into the employee sheet report: finds the employee sheet and its header, cleans each
 * row, skips blank, title, totals and duplicate rows (saying why), and collects the departments. Throws
 * `IMPORT.NO_HEADER` when no sheet has a recognisable header.
 */
export function interpretEmployeeWorkbook(
  sheets: readonly SheetGrid[],
  options: EmployeeSheetReadOptions = {},
): EmployeeSheet {
  const aliases: HeaderAliases = { ...DEFAULT_HEADER_ALIASES, ...options.headerAliases };
  const { grid, header } = findEmployeeSheet(sheets, aliases, options.sheetName);
  const departmentGrid = sheets.find((sheet) => sheet !== grid && isDepartmentSheet(sheet.name));
  const departments = new DepartmentSet(
    departmentGrid === undefined ? [] : readDepartmentList(departmentGrid),
  );

  const rows: EmployeeSheetRow[] = [];
  const issues: SheetRowIssue[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Map<string, number>();
  grid.rows.forEach((cells, index) => {
    const row = grid.firstRow + index;
    if (index < header.index) {
      skipped.push({ row, reason: cells.every((cell) => cellText(cell) === null) ? 'blank' : 'title' });
      return;
    }
    if (index === header.index) return;
    if (isBlankRow(cells, header.columns)) return void skipped.push({ row, reason: 'blank' });
    if (isTotalsRow(cells)) return void skipped.push({ row, reason: 'totals' });
    const unreadable = controlCharacterIssue(cells, header.columns, row);
    if (unreadable) return void issues.push(unreadable);
    const parsed = parseEmployeeRow(cells, header.columns, row);
    const { fullName, department } = parsed.record;
    if (fullName === null) {
      issues.push({ row, code: 'ROW.MISSING_NAME', message: 'the row has no name (ФИО): not imported' });
      return;
    }
    const record = { ...parsed.record, fullName, department: department && departments.add(department) };
    const key = JSON.stringify(record);
    const duplicateOf = seen.get(key);
    if (duplicateOf !== undefined) return void skipped.push({ row, reason: 'duplicate', duplicateOf });
    seen.set(key, row);
    issues.push(...parsed.issues);
    rows.push({ row, ...record });
  });
  return {
    sheetName: grid.name,
    headerRow: grid.firstRow + header.index,
    columns: header.columns,
    rows,
    departments: departments.list(),
    issues,
    skipped,
  };
}

function findEmployeeSheet(
  sheets: readonly SheetGrid[],
  aliases: HeaderAliases,
  sheetName: string | undefined,
): { grid: SheetGrid; header: DetectedHeader } {
  const candidates =
    sheetName === undefined
      ? [
          ...sheets.filter((sheet) => !isDepartmentSheet(sheet.name)),
          ...sheets.filter((s) => isDepartmentSheet(s.name)),
        ]
      : sheets.filter((sheet) => sheet.name === sheetName);
  for (const grid of candidates) {
    const header = detectHeader(grid.rows, aliases);
    if (header !== null) return { grid, header };
  }
  throw new SheetImportError(
    'IMPORT.NO_HEADER',
    sheetName === undefined
      ? 'no sheet has a header row with the name column (ФИО) and another known column'
      : `sheet "${sheetName}" is missing or has no header row with the name column (ФИО)`,
    { sheets: sheets.map((sheet) => sheet.name) },
  );
}
