import type { EmployeeColumn, HeaderAliases } from '../employee-sheet.ts';
import { EMPLOYEE_COLUMNS } from '../employee-sheet.ts';
import { type CellValue, cellText, headerKey } from './cell-text.ts';

/** How far down a header may sit below titles and notes. */
export const HEADER_SCAN_ROWS = 20;

export interface DetectedHeader {
  /** 0-based index of the header row in the grid. */
  readonly index: number;
  readonly columns: Readonly<Partial<Record<EmployeeColumn, number>>>;
}

/**
 * Finds the header among the first rows: the row naming the most known columns, which must include the name
 * column and one other. `null` when no row qualifies.
 */
export function detectHeader(
  rows: readonly (readonly CellValue[])[],
  aliases: HeaderAliases,
): DetectedHeader | null {
  const lookup = aliasLookup(aliases);
  let best: { index: number; columns: Partial<Record<EmployeeColumn, number>>; score: number } | null = null;
  const scanned = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let index = 0; index < scanned; index++) {
    const columns = matchColumns(rows[index] ?? [], lookup);
    const score = Object.keys(columns).length;
    if (columns.fullName !== undefined && score >= 2 && (best === null || score > best.score)) {
      best = { index, columns, score };
    }
  }
  return best === null ? null : { index: best.index, columns: best.columns };
}

function matchColumns(
  row: readonly CellValue[],
  lookup: ReadonlyMap<string, EmployeeColumn>,
): Partial<Record<EmployeeColumn, number>> {
  const columns: Partial<Record<EmployeeColumn, number>> = {};
  row.forEach((cell, position) => {
    const text = cellText(cell);
    const column = text === null ? undefined : lookup.get(headerKey(text));
    // The first column with a name wins: a repeated header is more likely a stray copy than the real one.
    if (column !== undefined && columns[column] === undefined) columns[column] = position;
  });
  return columns;
}

function aliasLookup(aliases: HeaderAliases): ReadonlyMap<string, EmployeeColumn> {
  const lookup = new Map<string, EmployeeColumn>();
  for (const column of EMPLOYEE_COLUMNS) {
    for (const alias of aliases[column]) {
      const key = headerKey(alias);
      if (!lookup.has(key)) lookup.set(key, column);
    }
  }
  return lookup;
}
