import * as XLSX from 'xlsx';
import type { CellValue, SheetGrid } from '../../application/employees/sheet/index.ts';
import { SheetImportError } from '../../application/employees/sheet/index.ts';
import type { ImportLimits } from './import-limits.ts';
import { checkInflatedSizes } from './inflated-size-check.ts';
import type { WorkbookContainer } from './workbook-sniffer.ts';

/**
 * Parses workbook bytes with SheetJS into grids of cell values, refusing encrypted files and sheets over the row
 * and column limits. Runs inside the parse worker: it is CPU-bound and blocks for seconds on large files.
 */
export function parseWorkbook(
  bytes: Uint8Array,
  container: WorkbookContainer,
  limits: ImportLimits,
): SheetGrid[] {
  if (container === 'cfb') checkCompoundFile(bytes);
  else checkInflatedSizes(bytes);
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      // One row past the limit is enough to know the limit is passed, and bounds the memory a huge sheet takes.
      sheetRows: limits.maxRows + 1,
      cellText: false,
      cellHTML: false,
      cellFormula: false,
      cellStyles: false,
      cellDates: false,
      bookVBA: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) throw encrypted();
    throw new SheetImportError('IMPORT.NOT_A_WORKBOOK', `the workbook cannot be read: ${message}`);
  }
  if (workbook.SheetNames.length === 0) {
    throw new SheetImportError('IMPORT.NOT_A_WORKBOOK', 'the workbook has no sheets');
  }
  return workbook.SheetNames.map((name) => toGrid(name, workbook.Sheets[name], limits));
}

function toGrid(name: string, sheet: XLSX.WorkSheet | undefined, limits: ImportLimits): SheetGrid {
  const data = sheet?.['!data'] ?? [];
  // The extent comes from the cells themselves: a sheet's declared dimension may claim a million empty rows.
  let rowCount = 0;
  let columnCount = 0;
  data.forEach((cells, index) => {
    if (cells === undefined) return;
    for (let column = cells.length - 1; column >= 0; column--) {
      if (hasValue(cells[column])) {
        rowCount = index + 1;
        columnCount = Math.max(columnCount, column + 1);
        break;
      }
    }
  });
  if (rowCount > limits.maxRows) {
    throw new SheetImportError(
      'IMPORT.TOO_MANY_ROWS',
      `sheet "${name}" has more than ${limits.maxRows} rows`,
      {
        sheet: name,
        maxRows: limits.maxRows,
      },
    );
  }
  if (columnCount > limits.maxColumns) {
    throw new SheetImportError(
      'IMPORT.TOO_MANY_COLUMNS',
      `sheet "${name}" has ${columnCount} columns, more than ${limits.maxColumns}`,
      { sheet: name, columns: columnCount, maxColumns: limits.maxColumns },
    );
  }
  const rows: CellValue[][] = [];
  for (let index = 0; index < rowCount; index++) {
    const cells = data[index] ?? [];
    const row: CellValue[] = new Array<CellValue>(columnCount).fill(null);
    for (let column = 0; column < Math.min(columnCount, cells.length); column++) {
      row[column] = cellValue(cells[column]);
    }
    rows.push(row);
  }
  return { name, firstRow: 1, rows };
}

function hasValue(cell: XLSX.CellObject | undefined): boolean {
  return cell !== undefined && cell.t !== 'z' && cell.t !== 'e' && cell.v !== undefined && cell.v !== '';
}

function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (cell === undefined || !hasValue(cell)) return null;
  const value = cell.v;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value instanceof Date ? value.toISOString() : null;
}

/** The part of SheetJS's bundled CFB reader used here (its typings say `any`). */
interface CompoundFileReader {
  read(bytes: Uint8Array, options: { type: 'buffer' }): CompoundFile;
}
interface CompoundFile {
  readonly FileIndex: readonly { readonly name: string }[];
}

/** An encrypted .xlsx is an OLE container with `EncryptionInfo` and `EncryptedPackage` streams. */
function checkCompoundFile(bytes: Uint8Array): void {
  let container: CompoundFile;
  try {
    container = (XLSX.CFB as CompoundFileReader).read(bytes, { type: 'buffer' });
  } catch {
    throw new SheetImportError('IMPORT.NOT_A_WORKBOOK', 'the .xls file is damaged or truncated');
  }
  const names = new Set(container.FileIndex.map((entry) => entry.name));
  if (names.has('EncryptionInfo') || names.has('EncryptedPackage')) throw encrypted();
  if (!names.has('Workbook') && !names.has('Book')) {
    throw new SheetImportError(
      'IMPORT.NOT_A_WORKBOOK',
      'the OLE file holds no Excel workbook (a Word file?)',
    );
  }
}

function encrypted(): SheetImportError {
  return new SheetImportError(
    'IMPORT.ENCRYPTED',
    'the workbook is password-protected: save it without a password',
  );
}
