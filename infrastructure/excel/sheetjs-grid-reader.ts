import type { SheetGridReader } from '../../application/monitoring/import/index.ts';
import { SheetImportError } from '../../application/employees/sheet/index.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.ts';
import { runExcelWorker } from './run-excel-worker.ts';
import { sniffWorkbook } from './workbook-sniffer.ts';

const ZIP_OR_CFB = [
  [0x50, 0x4b],
  [0xd0, 0xcf],
];

/**
 * A sheet reader for imports that read plain grids (the servers sheet): an .xlsx or .xls is checked as the
 * employee reader checks it (size, container, zip bomb), anything else is taken for CSV text; either is
 * parsed in a worker thread within the limits.
 */
export function makeSheetGridReader(limits: Partial<ImportLimits> = {}): SheetGridReader {
  const bounds: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  return {
    async read(bytes) {
      if (bytes.byteLength > bounds.maxFileBytes) {
        throw new SheetImportError('IMPORT.FILE_TOO_LARGE', `the file is over ${bounds.maxFileBytes} bytes`, {
          bytes: bytes.byteLength,
          maxBytes: bounds.maxFileBytes,
        });
      }
      const workbook = ZIP_OR_CFB.some(([a, b]) => bytes[0] === a && bytes[1] === b);
      const container = workbook ? sniffWorkbook(bytes, bounds) : 'csv';
      const response = await runExcelWorker({ kind: 'grids', bytes, container, limits: bounds }, bounds);
      if (response.ok && response.kind === 'grids') return response.grids;
      throw new Error('the Excel worker answered a grids request with something else');
    },
  };
}
