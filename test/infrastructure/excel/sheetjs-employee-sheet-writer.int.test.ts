import test from 'ava';
import type { EmployeeSheetRecord } from '../../../application/employees/employee-sheet.ts';
import {
  makeSheetJsEmployeeSheetReader,
  makeSheetJsEmployeeSheetWriter,
} from '../../../infrastructure/excel/index.ts';
import { sampleWorkbook } from './workbook-fixtures.ts';

const withoutRow = ({ row: _row, ...record }: EmployeeSheetRecord & { row: number }): EmployeeSheetRecord =>
  record;

test('what the writer writes reads back to the same rows and departments', async (t) => {
  const reader = makeSheetJsEmployeeSheetReader();
  const original = await reader.read(sampleWorkbook());
  const departments = original.departments.map((department, index) =>
    index === 0 ? department : { ...department, parent: original.departments[0]?.name ?? null },
  );
  const bytes = await makeSheetJsEmployeeSheetWriter().write(original.rows, departments);
  const reread = await reader.read(bytes);
  t.is(reread.sheetName, 'Сотрудники');
  t.is(reread.headerRow, 1);
  t.deepEqual(reread.rows.map(withoutRow), original.rows.map(withoutRow));
  t.deepEqual(reread.departments, departments);
  t.deepEqual(reread.issues, []);
  t.deepEqual(reread.skipped, []);
});

test('keeps a dismissal whose notes do not say so', async (t) => {
  const row: EmployeeSheetRecord = {
    fullName: 'Орлов Андрей Александрович',
    position: null,
    department: null,
    workPhone: null,
    mobilePhone: null,
    extension: '0123',
    email: null,
    room: '218',
    workstation: null,
    ip: null,
    notes: 'сдал ноутбук',
    dismissed: true,
  };
  const sheet = await makeSheetJsEmployeeSheetReader().read(
    await makeSheetJsEmployeeSheetWriter().write([row], []),
  );
  t.like(sheet.rows[0], { extension: '0123', room: '218', notes: 'уволен; сдал ноутбук', dismissed: true });
});
