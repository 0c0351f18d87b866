import type { CellValue, SheetGrid } from '../../application/employees/sheet/index.ts';
import { SheetImportError } from '../../application/employees/sheet/index.ts';
import type { ImportLimits } from './import-limits.ts';

const DELIMITERS = [',', ';', '\t'] as const;
/** A NUL this early is a binary file (an image, a PDF, a Word file), not a text file saved as .csv. */
const BINARY_SCAN_BYTES = 8192;

/**
 * The text of a CSV file: UTF-8 (with or without a byte order mark), UTF-16 with its mark (Excel's
 * "Unicode text"), else Windows-1251, which is what Excel on a Russian Windows saves as "CSV". Refuses a
 * binary file.
 */
export function decodeCsv(bytes: Uint8Array): string {
  const head = bytes.subarray(0, BINARY_SCAN_BYTES);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (head.includes(0)) {
    throw new SheetImportError(
      'IMPORT.NOT_A_WORKBOOK',
      'the file is neither .xlsx, .xls nor a CSV text file',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** Lines the delimiter is guessed from: a title line above the header has none. */
const DELIMITER_SCAN_LINES = 20;

/**
 * The delimiter: Excel's `sep=;` first line, else the most frequent of `,` `;` tab outside quotes in the
 * first lines (a title above the header has none of them).
 */
function delimiterOf(text: string): { delimiter: string; skip: number } {
  const sep = /^sep=(.)\r?\n/.exec(text);
  if (sep?.[1]) return { delimiter: sep[1], skip: sep[0].length };
  let quoted = false;
  let lines = 0;
  const counts = new Map<string, number>();
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n' && ++lines >= DELIMITER_SCAN_LINES) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return { delimiter: best?.[0] ?? ',', skip: 0 };
}

/**
 * Parses CSV bytes into one grid (RFC 4180: quoted fields, `""` for a quote, line breaks inside quotes,
 * CRLF or LF), refusing more rows or columns than the limits allow. Cells are text, `null` when empty.
 */
export function parseCsv(bytes: Uint8Array, limits: ImportLimits): SheetGrid {
  const text = decodeCsv(bytes);
  const { delimiter, skip } = delimiterOf(text);
  const rows: CellValue[][] = [];
  let row: CellValue[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    row.push(cell === '' && !wasQuoted ? null : cell);
    if (row.length > limits.maxColumns) {
      throw new SheetImportError(
        'IMPORT.TOO_MANY_COLUMNS',
        `the file has more than ${limits.maxColumns} columns`,
        {
          maxColumns: limits.maxColumns,
        },
      );
    }
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
    if (rows.length > limits.maxRows) {
      throw new SheetImportError('IMPORT.TOO_MANY_ROWS', `the file has more than ${limits.maxRows} rows`, {
        maxRows: limits.maxRows,
      });
    }
  };
  for (let i = skip; i < text.length; i++) {
    const char = text[i] ?? '';
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"' && cell === '') {
      quoted = true;
      wasQuoted = true;
    } else if (char === delimiter) endCell();
    else if (char === '\n') endRow();
    else if (char === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else cell += char;
  }
  if (cell !== '' || wasQuoted || row.length > 0) endRow();
  // Trailing empty lines are not rows.
  while (rows.length > 0 && (rows.at(-1) ?? []).every((value) => value === null)) rows.pop();
  return { name: 'CSV', firstRow: 1, rows };
}
