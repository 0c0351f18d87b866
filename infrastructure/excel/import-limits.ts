/** Bounds on one workbook upload: what a parse may cost before it is refused. */
export interface ImportLimits {
  /** Size of the uploaded file. */
  readonly maxFileBytes: number;
  /** Total declared uncompressed size of an .xlsx's parts. */
  readonly maxUncompressedBytes: number;
  /** Uncompressed/compressed size of any part over 1 MiB; sheet XML rarely passes 100. */
  readonly maxCompressionRatio: number;
  /** Rows in a sheet, counted from row 1 to the last row with a value. */
  readonly maxRows: number;
  /** Columns in a sheet, counted from column A to the last column with a value. */
  readonly maxColumns: number;
  /** Wall time of the parse; the worker is terminated when it runs out. */
  readonly timeoutMs: number;
  /** Heap of the parsing worker, so a crafted file cannot take the node's memory. */
  readonly maxWorkerHeapMb: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxUncompressedBytes: 400 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxRows: 200_000,
  maxColumns: 50,
  timeoutMs: 30_000,
  maxWorkerHeapMb: 2048,
};
