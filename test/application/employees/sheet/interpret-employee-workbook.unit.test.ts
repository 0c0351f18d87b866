import test from 'ava';
import { DEFAULT_HEADER_ALIASES } from '../../../../application/employees/employee-sheet.ts';
import {
  type CellValue,
  type SheetGrid,
  SheetImportError,
  detectHeader,
  interpretEmployeeWorkbook,
} from '../../../../application/employees/sheet/index.ts';

const HEADER = ['№', 'ФИО', 'Отдел', 'Телефон (вн.)', 'Мобильный', 'E-mail', 'IP', 'Примечание'];

function grid(rows: CellValue[][], name = 'Сотрудники'): SheetGrid {
  return { name, firstRow: 1, rows };
}

test('finds the header below a title and a blank row', (t) => {
  const header = detectHeader([['Справочник сотрудников'], [], HEADER], DEFAULT_HEADER_ALIASES);
  t.is(header?.index, 2);
  t.deepEqual(header?.columns, {
    fullName: 1,
    department: 2,
    extension: 3,
    mobilePhone: 4,
    email: 5,
    ip: 6,
    notes: 7,
  });
});

test('takes the row naming the most columns, and needs the name column', (t) => {
  t.is(detectHeader([['ФИО', 'Примечание'], HEADER], DEFAULT_HEADER_ALIASES)?.index, 1);
  t.is(detectHeader([['Отдел', 'E-mail', 'IP']], DEFAULT_HEADER_ALIASES), null);
});

test('cleans rows, skips blank, totals and duplicate (once cleaned) rows, and reports bad cells', (t) => {
  const sheet = interpretEmployeeWorkbook([
    grid([
      ['Справочник сотрудников'],
      [],
      HEADER,
      [
        1,
        '  Семёнов  Евгений Олегович ',
        'ИТ-отдел',
        'доб. 1234',
        '8-916-123-45-67',
        'A@B.RU',
        '10.0.0.1',
        'уволен',
      ],
      [2, 'Семенов Евгений Олегович', 'ит-отдел', 5095, 'нет', 'почта', '999.1.1.1', null],
      [3, null, null, null, null, null, null, null],
      [
        1,
        'Семёнов Евгений Олегович',
        'ИТ-отдел',
        'доб. 1234',
        '+79161234567',
        'a@b.ru',
        '10.0.0.1',
        'уволен',
      ],
      [4, null, 'Склад', 1, null, null, null, null],
      [null, 'Итого сотрудников:', 3],
    ]),
    grid(
      [
        ['Отдел', 'Родительский отдел'],
        ['Администрация', null],
        ['ИТ-отдел', 'Администрация'],
      ],
      'Отделы',
    ),
  ]);
  t.is(sheet.sheetName, 'Сотрудники');
  t.is(sheet.headerRow, 3);
  t.deepEqual(
    sheet.rows.map((row) => [
      row.row,
      row.fullName,
      row.department,
      row.extension,
      row.mobilePhone,
      row.dismissed,
    ]),
    [
      [4, 'Семёнов Евгений Олегович', 'ИТ-отдел', '1234', '+7 (916) 123-45-67', true],
      [5, 'Семенов Евгений Олегович', 'ИТ-отдел', '5095', null, false],
    ],
  );
  t.is(sheet.rows[0]?.email, 'a@b.ru');
  t.deepEqual(sheet.skipped, [
    { row: 1, reason: 'title' },
    { row: 2, reason: 'blank' },
    { row: 6, reason: 'blank' },
    { row: 7, reason: 'duplicate', duplicateOf: 4 },
    { row: 9, reason: 'totals' },
  ]);
  t.deepEqual(
    sheet.issues.map((issue) => [issue.row, issue.column, issue.code]),
    [
      [5, 'mobilePhone', 'CELL.INVALID_PHONE'],
      [5, 'email', 'CELL.INVALID_EMAIL'],
      [5, 'ip', 'CELL.INVALID_IP'],
      [8, undefined, 'ROW.MISSING_NAME'],
    ],
  );
  // Склад is named only by the row without a name, which is not imported.
  t.deepEqual(sheet.departments, [
    { name: 'Администрация', parent: null },
    { name: 'ИТ-отдел', parent: 'Администрация' },
  ]);
});

test('uses the caller’s header names instead of the defaults', (t) => {
  const sheet = interpretEmployeeWorkbook(
    [
      grid([
        ['Сотрудник ФИО', 'Внутр.'],
        ['Орлов Андрей', '12'],
      ]),
    ],
    {
      headerAliases: { fullName: ['Сотрудник ФИО'], extension: ['Внутр.'] },
    },
  );
  t.deepEqual(
    sheet.rows.map((row) => [row.fullName, row.extension]),
    [['Орлов Андрей', '12']],
  );
});

test('refuses a workbook without a header as IMPORT.NO_HEADER', (t) => {
  const error = t.throws(
    () =>
      interpretEmployeeWorkbook([
        grid([
          ['a', 'b'],
          [1, 2],
        ]),
      ]),
    {
      instanceOf: SheetImportError,
    },
  );
  t.is(error?.code, 'IMPORT.NO_HEADER');
});
