import test from 'ava';
import { SheetImportError } from '../../../application/employees/sheet/index.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  readZipCentralDirectory,
  sniffWorkbook,
} from '../../../infrastructure/excel/index.ts';
import { compoundFileOf, sampleWorkbook, zipBomb, zipOf } from './workbook-fixtures.ts';

function refusal(bytes: Uint8Array, limits = DEFAULT_IMPORT_LIMITS): string | undefined {
  try {
    sniffWorkbook(bytes, limits);
    return undefined;
  } catch (error) {
    return error instanceof SheetImportError ? error.code : String(error);
  }
}

test('reads the central directory of the sample without inflating it', (t) => {
  const sample = sampleWorkbook();
  const entries = readZipCentralDirectory(sample) ?? [];
  t.true(entries.some((entry) => entry.name === 'xl/workbook.xml'));
  t.true(entries.some((entry) => entry.name === 'xl/worksheets/sheet1.xml'));
  const compressed = entries.reduce((sum, entry) => sum + entry.compressedSize, 0);
  const uncompressed = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  t.true(compressed < sample.length && uncompressed > sample.length);
  t.false(entries.some((entry) => entry.encrypted));
});

test('accepts the sample as a ZIP workbook and an OLE file as a CFB one', (t) => {
  t.is(sniffWorkbook(sampleWorkbook(), DEFAULT_IMPORT_LIMITS), 'zip');
  t.is(sniffWorkbook(compoundFileOf({ Workbook: Buffer.alloc(100) }), DEFAULT_IMPORT_LIMITS), 'cfb');
});

test('refuses a file over the size limit', (t) => {
  t.is(refusal(sampleWorkbook(), { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 1000 }), 'IMPORT.FILE_TOO_LARGE');
});

test('refuses bytes that are no workbook, a truncated .xlsx and a ZIP without a workbook', (t) => {
  t.is(refusal(Buffer.from('ФИО;Отдел\nИванов;Склад\n')), 'IMPORT.NOT_A_WORKBOOK');
  const sample = sampleWorkbook();
  t.is(refusal(sample.subarray(0, Math.floor(sample.length / 2))), 'IMPORT.NOT_A_WORKBOOK');
  t.is(
    refusal(zipOf([{ name: 'word/document.xml', content: Buffer.from('<w/>') }])),
    'IMPORT.NOT_A_WORKBOOK',
  );
});

test('refuses a zip bomb by its compression ratio and by its declared total size', (t) => {
  t.is(refusal(zipBomb()), 'IMPORT.ZIP_BOMB');
  const declaredHuge = zipOf([
    { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.from('<x/>'), declaredSize: 0xffffffff },
  ]);
  t.is(refusal(declaredHuge), 'IMPORT.ZIP_BOMB');
  t.is(
    refusal(sampleWorkbook(), { ...DEFAULT_IMPORT_LIMITS, maxUncompressedBytes: 1000 }),
    'IMPORT.ZIP_BOMB',
  );
});
