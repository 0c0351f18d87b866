import * as zlib from 'node:zlib';
import { SheetImportError } from '../../application/employees/sheet/index.ts';
import { readZipCentralDirectory } from './zip-central-directory.ts';

const LOCAL_HEADER = 0x04034b50;

/**
 * Inflates every deflated part with zlib, capped at the size the central directory declares, so a part that
 * lies about its size (small declared, huge inflated) is refused as `IMPORT.ZIP_BOMB` before SheetJS, which
 * would inflate it without a cap. Costs about a tenth of the parse; runs in the worker.
 */
export function checkInflatedSizes(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of readZipCentralDirectory(bytes) ?? []) {
    if (entry.method !== 8) continue;
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL_HEADER) {
      throw new SheetImportError('IMPORT.NOT_A_WORKBOOK', `the .xlsx file is damaged (part ${entry.name})`);
    }
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + entry.compressedSize);
    try {
      zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if (error instanceof RangeError) {
        throw new SheetImportError('IMPORT.ZIP_BOMB', `part ${entry.name} inflates past its declared size`, {
          part: entry.name,
          declaredBytes: entry.uncompressedSize,
        });
      }
      throw new SheetImportError('IMPORT.NOT_A_WORKBOOK', `the .xlsx file is damaged (part ${entry.name})`);
    }
  }
}
