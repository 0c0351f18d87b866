import { controlCharacterMessage, findControlCharacter } from '../../../domain/shared/index.ts';
import type { EmployeeColumn, SheetRowIssue } from '../employee-sheet.ts';
import type { CellValue } from './cell-text.ts';
import type { ColumnPositions } from './employee-row.ts';

/**
 * The issue of a row whose imported cells hold a control character (a NUL arrives from a cell typed or
 * written as `_x0000_`, which SheetJS decodes), or `null`. Such a row is not imported, as a row without a name
 * is not: the domain would refuse its text, and a guess at what was meant would import something else. Tab
 * and line breaks pass in the notes (the one multiline field); elsewhere the cell's whitespace is collapsed.
 * The issue holds no `value`: it is what may not be shown.
 */
export function controlCharacterIssue(
  cells: readonly CellValue[],
  columns: ColumnPositions,
  row: number,
): SheetRowIssue | null {
  for (const [column, position] of Object.entries(columns) as [EmployeeColumn, number][]) {
    const cell = cells[position];
    if (typeof cell !== 'string') continue;
    const found = findControlCharacter(cell, { multiline: true });
    if (found) {
      return {
        row,
        column,
        code: 'ROW.CONTROL_CHARACTER',
        message: `${column}: ${controlCharacterMessage(found)}: the row is not imported`,
      };
    }
  }
  return null;
}
