import { SheetImportError } from '../../application/employees/sheet/index.ts';
import type { ImportLimits } from './import-limits.ts';
import { readZipCentralDirectory } from './zip-central-directory.ts';

/** The container of a workbook: OOXML (.xlsx, a ZIP) or OLE/CFB (.xls, or an encrypted .xlsx). */
export type WorkbookContainer = 'zip' | 'cfb';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const RATIO_CHECKED_FROM = 1024 * 1024;

/**
 * Checks what can be checked from the bytes alone, before any parser runs: size, container type, and for a
 * ZIP its central directory (an .xlsx workbook part, declared sizes against the zip-bomb limits).
 * Throws `SheetImportError` (`FILE_TOO_LARGE`, `NOT_A_WORKBOOK`, `ENCRYPTED`, `ZIP_BOMB`).
 */
export function sniffWorkbook(bytes: Uint8Array, limits: ImportLimits): WorkbookContainer {
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new SheetImportError('IMPORT.FILE_TOO_LARGE', `the file is over ${limits.maxFileBytes} bytes`, {
      bytes: bytes.byteLength,
      maxBytes: limits.maxFileBytes,
    });
  }
  if (startsWith(bytes, CFB_MAGIC)) return 'cfb';
  if (!startsWith(bytes, ZIP_MAGIC)) throw notAWorkbook('the file is neither .xlsx nor .xls');
  const entries = readZipCentralDirectory(bytes);
  if (entries === null) throw notAWorkbook('the .xlsx file is damaged or truncated');
  if (!entries.some((entry) => entry.name === 'xl/workbook.xml')) {
    throw notAWorkbook('the ZIP file holds no Excel workbook (xl/workbook.xml)');
  }
  if (entries.some((entry) => entry.encrypted)) {
    throw new SheetImportError('IMPORT.ENCRYPTED', 'the .xlsx file is encrypted: save it without a password');
  }
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    throw new SheetImportError('IMPORT.ZIP_BOMB', 'the workbook unpacks to more than the allowed size', {
      uncompressedBytes: total,
      maxUncompressedBytes: limits.maxUncompressedBytes,
    });
  }
  const bomb = entries.find(
    (entry) =>
      entry.uncompressedSize > RATIO_CHECKED_FROM &&
      entry.uncompressedSize > Math.max(1, entry.compressedSize) * limits.maxCompressionRatio,
  );
  if (bomb !== undefined) {
    throw new SheetImportError('IMPORT.ZIP_BOMB', `part ${bomb.name} is compressed suspiciously well`, {
      part: bomb.name,
      compressedBytes: bomb.compressedSize,
      uncompressedBytes: bomb.uncompressedSize,
    });
  }
  return 'zip';
}

function notAWorkbook(message: string): SheetImportError {
  return new SheetImportError('IMPORT.NOT_A_WORKBOOK', message);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.byteLength >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}
