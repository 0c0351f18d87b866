import test from 'ava';
import {
  normalizeDepartmentName,
  normalizeEmployeeDetails,
  normalizeEmployeeField,
  normalizeInventoryNumber,
} from '../../../domain/employees/index.ts';

// The domain's own text rule, whatever interface a command came through (#12 point 3).
test('refuses a control character in any field, naming it by its code', (t) => {
  const cases: [() => unknown, string][] = [
    [() => normalizeEmployeeField('fullName', 'Иванов\u0000Иван'), 'EMPLOYEE.INVALID_FULL_NAME'],
    [() => normalizeEmployeeField('fullName', 'Иванов\tИван'), 'EMPLOYEE.INVALID_FULL_NAME'],
    [() => normalizeEmployeeField('position', 'Гл.\u001b[31mбух'), 'EMPLOYEE.INVALID_POSITION'],
    [() => normalizeEmployeeField('room', '30\ud8001'), 'EMPLOYEE.INVALID_ROOM'],
    [() => normalizeEmployeeField('email', 'a\u0000@b.ru'), 'EMPLOYEE.INVALID_EMAIL'],
    [() => normalizeEmployeeField('notes', 'a\u0000b'), 'EMPLOYEE.INVALID_NOTES'],
    [() => normalizeDepartmentName('ИТ\u0085'), 'DEPARTMENT.INVALID_NAME'],
    [() => normalizeInventoryNumber('INV\u007f1'), 'WORKSTATION.INVALID_INVENTORY_NUMBER'],
  ];
  for (const [normalize, code] of cases) {
    const error = t.throws(normalize);
    t.like(error, { code });
    t.regex(error?.message ?? '', /control character \(U\+[0-9A-F]{4}\)/);
  }
});

test('keeps tab and line breaks in the notes, as LF, and stores every field in NFC', (t) => {
  const details = normalizeEmployeeDetails({
    fullName: '  Семе\u0308нов Пётр ',
    notes: 'ключ\r\nот сейфа\tв 301\u2028',
  });
  t.is(details.fullName, 'Семёнов Пётр');
  t.is(details.notes, 'ключ\nот сейфа\tв 301');
});
