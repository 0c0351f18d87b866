export { type CellValue, cellText, headerKey } from './cell-text.ts';
export { normalizePhone } from './phone-number.ts';
export { type ParsedExtension, parseExtension } from './extension.ts';
export { normalizeEmail } from './email-address.ts';
export { normalizeIp } from './ip-address.ts';
export { normalizeHostname } from './hostname.ts';
export { isDismissalNote } from './dismissal.ts';
export { type DetectedHeader, HEADER_SCAN_ROWS, detectHeader } from './header-detection.ts';
export {
  DEPARTMENT_SHEET_NAMES,
  DepartmentSet,
  isDepartmentSheet,
  readDepartmentList,
} from './department-list.ts';
export {
  type ColumnPositions,
  type ParsedEmployeeRow,
  isBlankRow,
  isTotalsRow,
  parseEmployeeRow,
} from './employee-row.ts';
export { interpretEmployeeWorkbook } from './interpret-employee-workbook.ts';
export type { SheetGrid } from './sheet-grid.ts';
export { SheetImportError, type SheetImportErrorCode, isSheetImportErrorCode } from './sheet-import-error.ts';
