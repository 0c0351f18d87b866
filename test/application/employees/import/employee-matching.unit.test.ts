import test from 'ava';
import type { EmployeeDetails, EmployeeState } from '../../../../domain/employees/index.ts';
import {
  type MatchedRow,
  indexEmployees,
  matchRow,
  newRowKey,
  sheetNamesakes,
} from '../../../../application/employees/import/employee-matching.ts';

const details = (change: Partial<EmployeeDetails>): EmployeeDetails => ({
  fullName: 'Иванов Пётр',
  position: null,
  workPhone: null,
  mobilePhone: null,
  extension: null,
  email: null,
  room: null,
  notes: null,
  ...change,
});

const active = (employeeId: string, change: Partial<EmployeeDetails>, departmentId: string | null = 'd1') =>
  [employeeId, { status: 'active', employeeId, departmentId, details: details(change) }] as const;

const row = (change: Partial<MatchedRow>): MatchedRow => ({
  fullName: 'Иванов Пётр',
  email: null,
  workPhone: null,
  mobilePhone: null,
  extension: null,
  ...change,
});

test('indexes active and dismissed employees in order, never a forgotten one', (t) => {
  const forgotten: readonly [string, EmployeeState] = ['e3', { status: 'forgotten', employeeId: 'e3' }];
  const index = indexEmployees([active('e2', { email: 'P@Example.ru' }), active('e1', {}), forgotten]);
  t.deepEqual([...index.known.keys()], ['e2', 'e1']);
  t.deepEqual(index.byEmail.get('p@example.ru'), ['e2']);
  t.deepEqual(index.byName.get('иванов петр'), ['e2', 'e1']);
});

test('matches by an e-mail exactly one employee has, whatever the name', (t) => {
  const index = indexEmployees([active('e1', { email: 'p@example.ru' }), active('e2', {})]);
  t.deepEqual(matchRow(index, row({ fullName: 'Someone Else', email: 'p@example.ru' }), null), {
    kind: 'match',
    employeeId: 'e1',
    by: 'email',
  });
});

test('holds back an e-mail several employees have', (t) => {
  const index = indexEmployees([
    active('e1', { email: 'p@example.ru' }),
    active('e2', { email: 'p@example.ru' }),
  ]);
  t.like(matchRow(index, row({ email: 'p@example.ru' }), 'd1'), {
    kind: 'ambiguous',
    candidates: ['e1', 'e2'],
  });
});

test('matches by name, department and a phone in common, ё/е and the phone format aside', (t) => {
  const index = indexEmployees([active('e1', { workPhone: '+7 (495) 123-45-67' })]);
  const match = matchRow(index, row({ fullName: 'иванов  петр', workPhone: '8 495 123 45 67' }), 'd1');
  t.deepEqual(match, { kind: 'match', employeeId: 'e1', by: 'name+department+phone' });
});

test('matches by name and department when neither side has a phone', (t) => {
  const index = indexEmployees([active('e1', {})]);
  t.like(matchRow(index, row({}), 'd1'), { kind: 'match', employeeId: 'e1' });
});

test('never guesses a namesake in another department: ambiguous, with the candidates', (t) => {
  const index = indexEmployees([active('e1', {}, 'd2')]);
  t.like(matchRow(index, row({}), 'd1'), { kind: 'ambiguous', candidates: ['e1'] });
});

test('holds back a name, department and phone several employees share', (t) => {
  const index = indexEmployees([active('e1', {}), active('e2', {})]);
  t.like(matchRow(index, row({}), 'd1'), {
    kind: 'ambiguous',
    candidates: ['e1', 'e2'],
    message: 'Several employees share this name, department and phone',
  });
});

test('a name nobody has is a new employee', (t) => {
  t.deepEqual(matchRow(indexEmployees([active('e1', {})]), row({ fullName: 'Петров Иван' }), 'd1'), {
    kind: 'new',
  });
});

test('keys a new row by its e-mail, else by name, department and phones in any order', (t) => {
  t.is(newRowKey(row({ email: 'p@example.ru' }), 'd1'), 'p@example.ru');
  const a = newRowKey(row({ workPhone: '+7 495 111-11-11', mobilePhone: '+7 916 222-22-22' }), 'd1');
  const b = newRowKey(row({ workPhone: '8 916 222 22 22', mobilePhone: '8 495 111 11 11' }), 'd1');
  t.is(a, b);
  t.not(newRowKey(row({}), 'd1'), newRowKey(row({}), 'd2'));
});

test('lists the names several rows share, with their rows', (t) => {
  const rows = [
    { row: 2, fullName: 'Иванов Пётр' },
    { row: 3, fullName: 'Петров Иван' },
    { row: 4, fullName: 'ИВАНОВ ПЕТР' },
  ];
  t.deepEqual(sheetNamesakes(rows), [{ fullName: 'Иванов Пётр', rows: [2, 4] }]);
});
