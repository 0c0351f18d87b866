import type { CellValue } from './cell-text.ts';

/** A sheet as rows of cell values, read by an adapter; `firstRow` is the sheet row number of `rows[0]`. */
export interface SheetGrid {
  readonly name: string;
  readonly firstRow: number;
  readonly rows: readonly (readonly CellValue[])[];
}
