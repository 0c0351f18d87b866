import type { EmployeeSheetReader } from '../../application/employees/employee-sheet.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.ts';
import { runExcelWorker } from './run-excel-worker.ts';
import { sniffWorkbook } from './workbook-sniffer.ts';

/**
 * The employee sheet reader on SheetJS: checks the bytes (size, container, zip bomb) on the calling thread, then
 * parses and interprets them in a worker thread within the limits.
 */
export function makeSheetJsEmployeeSheetReader(limits: Partial<ImportLimits> = {}): EmployeeSheetReader {
  const bounds: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  return {
    async read(buffer, options = {}) {
      const container = sniffWorkbook(buffer, bounds);
      const response = await runExcelWorker(
        { kind: 'read', bytes: buffer, container, limits: bounds, options },
        bounds,
      );
      if (response.ok && response.kind === 'read') return response.sheet;
      throw new Error('the Excel worker answered a read with something else');
    },
  };
}
