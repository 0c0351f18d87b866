import type { EmployeeColumn, EmployeeSheetRecord, SheetRowIssue } from '../employee-sheet.ts';
import { type CellValue, cellText } from './cell-text.ts';
import { isDismissalNote } from './dismissal.ts';
import { normalizeEmail } from './email-address.ts';
import { parseExtension } from './extension.ts';
import { normalizeHostname } from './hostname.ts';
import { normalizeIp } from './ip-address.ts';
import { normalizePhone } from './phone-number.ts';

export type ColumnPositions = Readonly<Partial<Record<EmployeeColumn, number>>>;

/** One sheet row turned into a record and the issues of its cells; `fullName` may still be missing. */
export interface ParsedEmployeeRow {
  readonly record: Omit<EmployeeSheetRecord, 'fullName'> & { readonly fullName: string | null };
  readonly issues: SheetRowIssue[];
}

/** Cleans and checks one row's cells; a cell that fails its check becomes `null` and an issue. */
export function parseEmployeeRow(
  cells: readonly CellValue[],
  columns: ColumnPositions,
  row: number,
): ParsedEmployeeRow {
  const issues: SheetRowIssue[] = [];
  const text = (column: EmployeeColumn): string | null =>
    columns[column] === undefined ? null : cellText(cells[columns[column]]);
  const checked = (
    column: EmployeeColumn,
    normalize: (value: string) => string | null,
    code: SheetRowIssue['code'],
  ): string | null => {
    const value = text(column);
    if (value === null) return null;
    const normalized = normalize(value);
    if (normalized === null)
      issues.push({ row, column, code, message: `${column}: "${value}" is not valid`, value });
    return normalized;
  };

  let workPhone = checked('workPhone', normalizePhone, 'CELL.INVALID_PHONE');
  let extension: string | null = null;
  const extensionText = text('extension');
  if (extensionText !== null) {
    const parsed = parseExtension(extensionText);
    if (parsed === null) {
      issues.push({
        row,
        column: 'extension',
        code: 'CELL.INVALID_EXTENSION',
        message: `extension: "${extensionText}" is not an extension`,
        value: extensionText,
      });
    } else {
      extension = parsed.extension;
      // A full number in the extension column is the work phone when no work phone column says otherwise.
      workPhone ??= parsed.phone;
    }
  }
  const notes = text('notes');
  return {
    record: {
      fullName: text('fullName'),
      position: text('position'),
      department: text('department'),
      workPhone,
      mobilePhone: checked('mobilePhone', normalizePhone, 'CELL.INVALID_PHONE'),
      extension,
      email: checked('email', normalizeEmail, 'CELL.INVALID_EMAIL'),
      room: text('room'),
      workstation: checked('workstation', normalizeHostname, 'CELL.INVALID_HOSTNAME'),
      ip: checked('ip', normalizeIp, 'CELL.INVALID_IP'),
      notes,
      dismissed: isDismissalNote(notes),
    },
    issues,
  };
}

/** True when none of the known columns holds anything (a row with only a running number is blank too). */
export function isBlankRow(cells: readonly CellValue[], columns: ColumnPositions): boolean {
  return Object.values(columns).every((position) => cellText(cells[position]) === null);
}

const TOTALS = /^(?:итого|всего|total)(?!\p{L})/iu;

/** A cell of the row starts with `Итого`, `Всего` or `Total`. */
export function isTotalsRow(cells: readonly CellValue[]): boolean {
  return cells.some((cell) => typeof cell === 'string' && TOTALS.test(cell.trim()));
}
