import type { SheetGrid } from '../../employees/sheet/index.ts';

/**
 * Reads an uploaded sheet (.xlsx, .xls or CSV) into grids of cells, bounded in size, rows, columns and
 * time, off the event loop. Throws a `SheetImportError` (`IMPORT.*`) for a file that is not a sheet.
 */
export interface SheetGridReader {
  read(bytes: Uint8Array): Promise<SheetGrid[]>;
}
