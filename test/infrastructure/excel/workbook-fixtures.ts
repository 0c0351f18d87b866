import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import * as XLSX from 'xlsx';

/** The sample workbook of ../shared/fixtures (300 people, as such sheets are really kept). */
export const sampleWorkbook = (): Buffer =>
  readFileSync(new URL('../../../../shared/fixtures/employees-sample.xlsx', import.meta.url));

/** An .xlsx of the given rows on one sheet, as SheetJS writes it. */
export function workbookOf(rows: unknown[][], sheetName = 'Лист1'): Buffer {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), sheetName);
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

interface CompoundFileApi {
  utils: { cfb_new(): unknown; cfb_add(container: unknown, path: string, content: Buffer): void };
  write(container: unknown, options: { type: 'buffer' }): Buffer;
}

/** An OLE/CFB container holding the given streams, e.g. `EncryptionInfo` + `EncryptedPackage` (an encrypted .xlsx). */
export function compoundFileOf(streams: Readonly<Record<string, Buffer>>): Buffer {
  const cfb = XLSX.CFB as CompoundFileApi;
  const container = cfb.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) cfb.utils.cfb_add(container, `/${name}`, content);
  return cfb.write(container, { type: 'buffer' });
}

/** A ZIP of deflated entries; `declaredSize` overrides an entry's uncompressed size in the central directory. */
export function zipOf(entries: readonly { name: string; content: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = zlib.deflateRawSync(entry.content);
    const size = entry.declaredSize ?? entry.content.length;
    const crc = zlib.crc32(entry.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An .xlsx-shaped ZIP whose sheet XML inflates from ~50 KB to 64 MB of repeated text. */
export function zipBomb(): Buffer {
  const filler = Buffer.alloc(64 * 1024 * 1024, '<row><c t="inlineStr"><is><t>x</t></is></c></row>');
  return zipOf([
    { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', content: filler },
  ]);
}
