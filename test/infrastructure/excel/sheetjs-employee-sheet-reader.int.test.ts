import test from 'ava';
import type { EmployeeSheetReader } from '../../../application/employees/employee-sheet.ts';
import { SheetImportError } from '../../../application/employees/sheet/index.ts';
import { type ImportLimits, makeSheetJsEmployeeSheetReader } from '../../../infrastructure/excel/index.ts';
import { compoundFileOf, sampleWorkbook, workbookOf, zipBomb, zipOf } from './workbook-fixtures.ts';

async function refusal(bytes: Uint8Array, limits: Partial<ImportLimits> = {}): Promise<string> {
  const reader: EmployeeSheetReader = makeSheetJsEmployeeSheetReader(limits);
  try {
    await reader.read(bytes);
    return 'read without error';
  } catch (error) {
    return error instanceof SheetImportError ? error.code : String(error);
  }
}

test('reads the sample: 300 people, duplicates, blanks, title and totals skipped', async (t) => {
  const sheet = await makeSheetJsEmployeeSheetReader().read(sampleWorkbook());
  t.is(sheet.sheetName, 'Сотрудники');
  t.is(sheet.headerRow, 3);
  t.is(sheet.rows.length, 300);
  t.deepEqual(
    sheet.skipped.filter((row) => row.reason === 'duplicate'),
    [
      { row: 16, reason: 'duplicate', duplicateOf: 15 },
      { row: 80, reason: 'duplicate', duplicateOf: 79 },
      { row: 282, reason: 'duplicate', duplicateOf: 281 },
    ],
  );
  t.deepEqual(
    sheet.skipped.filter((row) => row.reason !== 'duplicate' && row.reason !== 'blank'),
    [
      { row: 1, reason: 'title' },
      { row: 316, reason: 'totals' },
    ],
  );
  t.is(sheet.skipped.filter((row) => row.reason === 'blank').length, 10);
  t.deepEqual(sheet.issues, []);
  t.is(sheet.departments.length, 10);
  t.true(
    sheet.rows.every(
      (row) => row.department !== null && sheet.departments.some((d) => d.name === row.department),
    ),
  );
});

test('cleans the sample’s cells: names, phones, extensions, e-mail, hosts, dismissals', async (t) => {
  const { rows } = await makeSheetJsEmployeeSheetReader().read(sampleWorkbook());
  const byRow = new Map(rows.map((row) => [row.row, row]));
  t.is(byRow.get(15)?.fullName, 'Иванов Пётр Юрьевич', 'stray spaces trimmed, ё kept');
  t.is(byRow.get(49)?.fullName, 'Новикова Дарья Федоровна', 'е kept where the sheet has е');
  t.is(byRow.get(15)?.mobilePhone, '+7 (905) 088-60-34');
  t.is(byRow.get(7)?.mobilePhone, '+7 (923) 163-03-25');
  t.is(byRow.get(8)?.mobilePhone, '+7 (977) 477-20-47');
  t.is(byRow.get(7)?.extension, '7121', 'доб. 7121');
  t.is(byRow.get(8)?.extension, '5095', 'a number cell');
  t.is(byRow.get(8)?.room, '388а');
  t.is(byRow.get(6)?.room, '218');
  t.is(byRow.get(5)?.workstation, 'ws-of-0002');
  t.true(rows.every((row) => row.email === null || row.email === row.email.toLowerCase()));
  t.true(
    rows.every(
      (row) => row.mobilePhone === null || /^\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}$/.test(row.mobilePhone),
    ),
  );
  t.true(rows.every((row) => row.extension === null || /^\d+$/.test(row.extension)));
  t.true(rows.every((row) => row.fullName === row.fullName.trim() && !row.fullName.includes('  ')));
  t.is(rows.filter((row) => row.dismissed).length, 17);
  t.true(rows.filter((row) => row.dismissed).every((row) => row.notes === 'уволен'));
  t.is(rows.filter((row) => row.notes === 'декрет' && !row.dismissed).length, 15);
  const namesakes = rows.filter((row) => row.fullName === 'Иванов Пётр Олегович');
  t.is(namesakes.length, 2, 'namesakes are two people, not a duplicate');
});

test('refuses malformed bytes, a truncated .xlsx and an OLE file that holds no workbook', async (t) => {
  t.is(await refusal(Buffer.from('not a workbook at all')), 'IMPORT.NOT_A_WORKBOOK');
  const sample = sampleWorkbook();
  t.is(await refusal(sample.subarray(0, sample.length - 100)), 'IMPORT.NOT_A_WORKBOOK');
  t.is(await refusal(compoundFileOf({ WordDocument: Buffer.alloc(600) })), 'IMPORT.NOT_A_WORKBOOK');
  t.is(await refusal(compoundFileOf({ Workbook: Buffer.alloc(600, 0xff) })), 'IMPORT.NOT_A_WORKBOOK');
});

test('refuses an encrypted workbook', async (t) => {
  const encrypted = compoundFileOf({
    EncryptionInfo: Buffer.alloc(256),
    EncryptedPackage: Buffer.alloc(4096, 7),
  });
  t.is(await refusal(encrypted), 'IMPORT.ENCRYPTED');
});

test('refuses a zip bomb before parsing it', async (t) => {
  t.is(await refusal(zipBomb()), 'IMPORT.ZIP_BOMB');
});

test('refuses sheets over the row and column limits, and a file over the size limit', async (t) => {
  t.is(await refusal(sampleWorkbook(), { maxRows: 100 }), 'IMPORT.TOO_MANY_ROWS');
  t.is(await refusal(sampleWorkbook(), { maxColumns: 5 }), 'IMPORT.TOO_MANY_COLUMNS');
  t.is(await refusal(sampleWorkbook(), { maxFileBytes: 1024 }), 'IMPORT.FILE_TOO_LARGE');
});

test('terminates a parse that runs out of time', async (t) => {
  t.is(await refusal(sampleWorkbook(), { timeoutMs: 1 }), 'IMPORT.PARSE_TIMEOUT');
});

test('refuses a workbook without a recognisable header', async (t) => {
  t.is(await refusal(workbookOf([['Отчёт за ноябрь'], ['a', 'b', 'c'], [1, 2, 3]])), 'IMPORT.NO_HEADER');
});

test('reads a header in English and a full number with its extension', async (t) => {
  const sheet = await makeSheetJsEmployeeSheetReader().read(
    workbookOf([
      ['Full name', 'Department', 'Work phone', 'Extension', 'Email', 'Notes'],
      ['Ann Smith', 'IT', null, '+7 495 123-45-67 доб. 12', 'Ann@Corp.Example', 'dismissed'],
    ]),
  );
  t.like(sheet.rows[0], {
    row: 2,
    fullName: 'Ann Smith',
    department: 'IT',
    workPhone: '+7 (495) 123-45-67',
    extension: '12',
    email: 'ann@corp.example',
    dismissed: true,
  });
  t.deepEqual(sheet.departments, [{ name: 'IT', parent: null }]);
});

test('refuses a part that inflates past the size it declares', async (t) => {
  const lying = zipOf([
    { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(8 * 1024 * 1024, 'x'), declaredSize: 1000 },
  ]);
  t.is(await refusal(lying), 'IMPORT.ZIP_BOMB');
});
