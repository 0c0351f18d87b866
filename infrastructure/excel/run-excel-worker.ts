import { Worker } from 'node:worker_threads';
import { SheetImportError, isSheetImportErrorCode } from '../../application/employees/sheet/index.ts';
import type { ExcelWorkerRequest, ExcelWorkerResponse } from './excel-worker-protocol.ts';

const WORKER_ENTRY = new URL('./excel-worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
// On Node 20 `--import tsx` in a worker's execArgv does not let the worker's own entry be TypeScript, so a small
// JavaScript bootstrap registers tsx inside the worker first; this works under `node bin/tbot.js`, `tsx` and ava.
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_ENTRY)}); });`;

export interface WorkerBounds {
  readonly timeoutMs: number;
  readonly maxWorkerHeapMb: number;
}

/**
 * Runs one request in a fresh worker thread, off the event loop, bounded in time (the worker is terminated:
 * `IMPORT.PARSE_TIMEOUT`) and heap (`IMPORT.PARSE_FAILED`). A refusal from the worker is rethrown as the
 * `SheetImportError` it was.
 */
export function runExcelWorker(
  request: ExcelWorkerRequest,
  bounds: WorkerBounds,
): Promise<ExcelWorkerResponse> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: bounds.maxWorkerHeapMb },
    });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          new SheetImportError('IMPORT.PARSE_TIMEOUT', `parsing took longer than ${bounds.timeoutMs} ms`, {
            timeoutMs: bounds.timeoutMs,
          }),
        ),
      );
    }, bounds.timeoutMs);
    worker.once('message', (response: ExcelWorkerResponse) => {
      settle(() => (response.ok ? resolve(response) : reject(toError(response.error))));
    });
    worker.once('error', (error: Error & { code?: unknown }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the workbook needs too much memory' : error.message;
      settle(() => reject(new SheetImportError('IMPORT.PARSE_FAILED', `parsing failed: ${reason}`)));
    });
    worker.once('exit', (code) => {
      settle(() => reject(new SheetImportError('IMPORT.PARSE_FAILED', `the parser exited (code ${code})`)));
    });
    worker.postMessage(request);
  });
}

function toError(failure: Extract<ExcelWorkerResponse, { ok: false }>['error']): SheetImportError {
  const code = isSheetImportErrorCode(failure.code) ? failure.code : 'IMPORT.PARSE_FAILED';
  return new SheetImportError(code, failure.message, failure.context);
}
