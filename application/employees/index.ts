export * from './department-members.ts';
export * from './directory-write.ts';
export * from './directory-lookups.ts';
export * from './hostname-claims.ts';
export * from './department-commands.ts';
export * from './employee-commands.ts';
export * from './workstation-commands.ts';
export * from './employee-sheet.ts';
export { SheetImportError, type SheetImportErrorCode, interpretEmployeeWorkbook } from './sheet/index.ts';
