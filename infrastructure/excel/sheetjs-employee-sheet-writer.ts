import type { EmployeeSheetWriter } from '../../application/employees/employee-sheet.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.ts';
import { runExcelWorker } from './run-excel-worker.ts';

/** The employee sheet writer on SheetJS: builds the .xlsx in a worker thread (100,000 rows take seconds). */
export function makeSheetJsEmployeeSheetWriter(
  bounds: Pick<ImportLimits, 'timeoutMs' | 'maxWorkerHeapMb'> = DEFAULT_IMPORT_LIMITS,
): EmployeeSheetWriter {
  return {
    async write(rows, departments) {
      const response = await runExcelWorker({ kind: 'write', rows, departments }, bounds);
      if (response.ok && response.kind === 'write') {
        return Buffer.from(response.bytes.buffer, response.bytes.byteOffset, response.bytes.byteLength);
      }
      throw new Error('the Excel worker answered a write with something else');
    },
  };
}
