// Entry of the Excel worker thread: started by run-excel-worker.ts, answers one request and exits.
import { parentPort } from 'node:worker_threads';
import { DEFAULT_HEADER_ALIASES } from '../../application/employees/employee-sheet.ts';
import { SheetImportError, interpretEmployeeWorkbook } from '../../application/employees/sheet/index.ts';
import { buildWorkbook } from './build-workbook.ts';
import type { ExcelWorkerRequest, ExcelWorkerResponse } from './excel-worker-protocol.ts';
import { parseCsv } from './parse-csv.ts';
import { parseWorkbook } from './parse-workbook.ts';

function handle(request: ExcelWorkerRequest): ExcelWorkerResponse {
  try {
    if (request.kind === 'write') {
      const bytes = buildWorkbook(request.rows, request.departments, DEFAULT_HEADER_ALIASES);
      return { ok: true, kind: 'write', bytes };
    }
    if (request.kind === 'grids') {
      const { bytes, container, limits } = request;
      const grids = container === 'csv' ? [parseCsv(bytes, limits)] : parseWorkbook(bytes, container, limits);
      return { ok: true, kind: 'grids', grids };
    }
    const grids = parseWorkbook(request.bytes, request.container, request.limits);
    return { ok: true, kind: 'read', sheet: interpretEmployeeWorkbook(grids, request.options) };
  } catch (error) {
    if (error instanceof SheetImportError) {
      return { ok: false, error: { code: error.code, message: error.message, context: error.context } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'IMPORT.PARSE_FAILED', message, context: {} } };
  }
}

parentPort?.once('message', (request: ExcelWorkerRequest) => {
  parentPort?.postMessage(handle(request));
});
