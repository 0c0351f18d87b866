import type { SheetImportErrorCode } from '../../../domain/employees/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';

export type { SheetImportErrorCode };

/** A workbook refused as a whole; `code` is stable for interfaces to map (HTTP 413/415/422, a bot reply). */
export class SheetImportError extends DomainError {
  override readonly name = 'SheetImportError';

  constructor(
    override readonly code: SheetImportErrorCode,
    message: string,
    context: Readonly<Record<string, unknown>> = {},
  ) {
    super(code, message, context);
  }
}

/** True for the codes of `SheetImportError`, e.g. when rebuilding one from a worker's message. */
export function isSheetImportErrorCode(code: unknown): code is SheetImportErrorCode {
  return typeof code === 'string' && SHEET_IMPORT_ERROR_CODES.has(code);
}

const SHEET_IMPORT_ERROR_CODES: ReadonlySet<string> = new Set<SheetImportErrorCode>([
  'IMPORT.FILE_TOO_LARGE',
  'IMPORT.NOT_A_WORKBOOK',
  'IMPORT.ENCRYPTED',
  'IMPORT.ZIP_BOMB',
  'IMPORT.TOO_MANY_ROWS',
  'IMPORT.TOO_MANY_COLUMNS',
  'IMPORT.PARSE_TIMEOUT',
  'IMPORT.PARSE_FAILED',
  'IMPORT.NO_HEADER',
]);
