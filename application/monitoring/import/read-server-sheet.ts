import { SheetImportError } from '../../employees/sheet/index.ts';
import { type CellValue, cellText, headerKey } from '../../employees/sheet/index.ts';
import type { SheetGrid } from '../../employees/sheet/index.ts';
import { type ServerColumnPositions, isBlankServerRow, parseServerRow } from './server-row.ts';
import {
  SERVER_COLUMNS,
  SERVER_HEADER_ALIASES,
  type ServerColumn,
  type ServerSheet,
  type ServerSheetRow,
  type SkippedServerRow,
} from './server-sheet.ts';

/** How far down the header may sit below a title. */
const HEADER_SCAN_ROWS = 20;
/** Servers one import takes: a commit runs a few commands per row, one after another. */
export const MAX_IMPORT_ROWS = 5000;

const LOOKUP: ReadonlyMap<string, ServerColumn> = new Map(
  SERVER_COLUMNS.flatMap((column) =>
    SERVER_HEADER_ALIASES[column].map((alias) => [headerKey(alias), column] as const),
  ),
);

/** The known columns of a row, the first of each name winning. */
function columnsOf(row: readonly CellValue[]): Partial<Record<ServerColumn, number>> {
  const columns: Partial<Record<ServerColumn, number>> = {};
  row.forEach((cell, position) => {
    const text = cellText(cell);
    const column = text === null ? undefined : LOOKUP.get(headerKey(text));
    if (column !== undefined && columns[column] === undefined) columns[column] = position;
  });
  return columns;
}

/** The header among the first rows: the one naming the most columns, `name` and `host` among them. */
function detectServerHeader(
  rows: readonly (readonly CellValue[])[],
): { index: number; columns: ServerColumnPositions } | null {
  let best: { index: number; columns: ServerColumnPositions; score: number } | null = null;
  for (let index = 0; index < Math.min(rows.length, HEADER_SCAN_ROWS); index++) {
    const columns = columnsOf(rows[index] ?? []);
    const score = Object.keys(columns).length;
    if (columns.name === undefined || columns.host === undefined) continue;
    if (best === null || score > best.score) best = { index, columns, score };
  }
  return best && { index: best.index, columns: best.columns };
}

/**
 * Reads the servers sheet from a workbook's first sheet (a CSV file is one sheet): finds its header, skips
 * blank and title rows, and reads every other row (see `parseServerRow`). Throws `IMPORT.NO_HEADER` when
 * no row of the first ones names the server and host columns, `IMPORT.TOO_MANY_ROWS` past the bound.
 */
export function readServerSheet(grids: readonly SheetGrid[]): ServerSheet {
  const grid = grids[0];
  const header = grid && detectServerHeader(grid.rows);
  if (!grid || !header) {
    throw new SheetImportError(
      'IMPORT.NO_HEADER',
      'the first sheet has no header row naming the server (Сервер, Name) and host (Хост, Host) columns',
      { sheets: grids.map((sheet) => sheet.name) },
    );
  }
  if (grid.rows.length - header.index - 1 > MAX_IMPORT_ROWS) {
    throw new SheetImportError('IMPORT.TOO_MANY_ROWS', `an import takes at most ${MAX_IMPORT_ROWS} servers`, {
      maxRows: MAX_IMPORT_ROWS,
    });
  }
  const rows: ServerSheetRow[] = [];
  const skipped: SkippedServerRow[] = [];
  grid.rows.forEach((cells, index) => {
    const row = grid.firstRow + index;
    if (index < header.index) {
      skipped.push({ row, reason: cells.every((cell) => cellText(cell) === null) ? 'blank' : 'title' });
    } else if (index > header.index) {
      if (isBlankServerRow(cells, header.columns)) skipped.push({ row, reason: 'blank' });
      else rows.push(parseServerRow(cells, header.columns, row));
    }
  });
  return {
    sheetName: grid.name,
    headerRow: grid.firstRow + header.index,
    columns: header.columns,
    rows,
    skipped,
  };
}
