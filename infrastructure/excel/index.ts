export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.ts';
export { makeSheetJsEmployeeSheetReader } from './sheetjs-employee-sheet-reader.ts';
export { makeSheetJsEmployeeSheetWriter } from './sheetjs-employee-sheet-writer.ts';
export { type WorkbookContainer, sniffWorkbook } from './workbook-sniffer.ts';
export { type ZipEntry, readZipCentralDirectory } from './zip-central-directory.ts';
export { makeSheetGridReader } from './sheetjs-grid-reader.ts';
