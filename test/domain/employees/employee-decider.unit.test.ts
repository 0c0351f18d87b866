import test from 'ava';
import {
  type EmployeeCommand,
  type EmployeeDetails,
  type EmployeeFieldErrorCode,
  type EmployeeEvent,
  employeeDecider,
} from '../../../domain/employees/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(employeeDecider);
const employeeId = 'e0000000-0000-4000-8000-000000000001';
const departmentId = 'd0000000-0000-4000-8000-000000000001';
const otherDepartmentId = 'd0000000-0000-4000-8000-000000000002';
const command = <C extends EmployeeCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const details: EmployeeDetails = {
  fullName: 'Иванов Иван Иванович',
  position: 'Бухгалтер',
  workPhone: '+7 (495) 123-45-67',
  mobilePhone: null,
  extension: '1234',
  email: 'ivanov@example.ru',
  room: '101',
  notes: null,
};
const registered: EmployeeEvent = { type: 'EmployeeRegistered', data: { employeeId, departmentId, details } };
const dismissed: EmployeeEvent = { type: 'EmployeeDismissed', data: { employeeId } };
const forgotten: EmployeeEvent = { type: 'EmployeeForgotten', data: { employeeId } };
const open = (id: string) => ({ departmentId: id, status: 'open' }) as const;

test('registers an employee into an open department, trimming and nulling empty fields', (t) => {
  spec(t)
    .given([])
    .when(
      command('RegisterEmployee', {
        employeeId,
        department: open(departmentId),
        details: { ...details, fullName: ' Иванов Иван Иванович ', mobilePhone: '  ', notes: undefined },
      }),
    )
    .then([registered]);
});

test('registers with only a full name and no department', (t) => {
  const empty = {
    position: null,
    workPhone: null,
    mobilePhone: null,
    extension: null,
    email: null,
    room: null,
  };
  spec(t)
    .given([])
    .when(command('RegisterEmployee', { employeeId, department: null, details: { fullName: 'Пётр' } }))
    .then([
      {
        type: 'EmployeeRegistered',
        data: { employeeId, departmentId: null, details: { fullName: 'Пётр', ...empty, notes: null } },
      },
    ]);
});

test('refuses a department that is missing or closed', (t) => {
  spec(t)
    .given([])
    .when(command('RegisterEmployee', { employeeId, department: { departmentId, status: 'none' }, details }))
    .thenThrows('DEPARTMENT.NOT_FOUND');
  spec(t)
    .given([])
    .when(
      command('RegisterEmployee', { employeeId, department: { departmentId, status: 'closed' }, details }),
    )
    .thenThrows('DEPARTMENT.CLOSED');
});

test('refuses invalid values with a code per field', (t) => {
  const cases: [Partial<EmployeeDetails>, EmployeeFieldErrorCode][] = [
    [{ fullName: '  ' }, 'EMPLOYEE.INVALID_FULL_NAME'],
    [{ email: 'ivanov@' }, 'EMPLOYEE.INVALID_EMAIL'],
    [{ email: 'ivanov example.ru' }, 'EMPLOYEE.INVALID_EMAIL'],
    [{ extension: '12a' }, 'EMPLOYEE.INVALID_EXTENSION'],
    [{ workPhone: 'call me' }, 'EMPLOYEE.INVALID_WORK_PHONE'],
    [{ mobilePhone: '+7 (999) 1'.padEnd(40, '1') }, 'EMPLOYEE.INVALID_MOBILE_PHONE'],
    [{ position: 'x'.repeat(201) }, 'EMPLOYEE.INVALID_POSITION'],
  ];
  for (const [change, code] of cases) {
    spec(t)
      .given([])
      .when(command('RegisterEmployee', { employeeId, department: null, details: { ...details, ...change } }))
      .thenThrows(code);
  }
});

test('records only the fields that really change, with both values', (t) => {
  spec(t)
    .given([registered])
    .when(
      command('ChangeEmployeeDetails', {
        employeeId,
        changes: { fullName: 'Иванов Иван Иванович', email: 'i.ivanov@example.ru', room: '', notes: 'VIP' },
      }),
    )
    .then([
      {
        type: 'EmployeeDetailsChanged',
        data: {
          employeeId,
          changes: [
            { field: 'email', from: 'ivanov@example.ru', to: 'i.ivanov@example.ru' },
            { field: 'room', from: '101', to: null },
            { field: 'notes', from: null, to: 'VIP' },
          ],
        },
      },
    ]);
});

test('records nothing when nothing changes', (t) => {
  spec(t)
    .given([registered])
    .when(
      command('ChangeEmployeeDetails', {
        employeeId,
        changes: { position: ' Бухгалтер ', extension: '1234' },
      }),
    )
    .then([]);
});

test('decides on the details as changed before', (t) => {
  const changed: EmployeeEvent = {
    type: 'EmployeeDetailsChanged',
    data: { employeeId, changes: [{ field: 'room', from: '101', to: '202' }] },
  };
  spec(t)
    .given([registered, changed])
    .when(command('ChangeEmployeeDetails', { employeeId, changes: { room: '202' } }))
    .then([]);
});

test('refuses to clear the full name', (t) => {
  spec(t)
    .given([registered])
    .when(command('ChangeEmployeeDetails', { employeeId, changes: { fullName: null } }))
    .thenThrows('EMPLOYEE.INVALID_FULL_NAME');
});

test('moves to another open department, and nowhere twice', (t) => {
  spec(t)
    .given([registered])
    .when(command('MoveEmployee', { employeeId, department: open(otherDepartmentId) }))
    .then([{ type: 'EmployeeMoved', data: { employeeId, from: departmentId, to: otherDepartmentId } }]);
  spec(t)
    .given([registered])
    .when(command('MoveEmployee', { employeeId, department: open(departmentId) }))
    .then([]);
  spec(t)
    .given([registered])
    .when(
      command('MoveEmployee', {
        employeeId,
        department: { departmentId: otherDepartmentId, status: 'closed' },
      }),
    )
    .thenThrows('DEPARTMENT.CLOSED');
});

test('dismisses and restores, each once', (t) => {
  const restored: EmployeeEvent = { type: 'EmployeeRestored', data: { employeeId } };
  spec(t).given([registered]).when(command('DismissEmployee', { employeeId })).then([dismissed]);
  spec(t).given([registered, dismissed]).when(command('DismissEmployee', { employeeId })).then([]);
  spec(t)
    .given([registered, dismissed])
    .when(command('RestoreEmployee', { employeeId, departmentStatus: 'open' }))
    .then([restored]);
  spec(t)
    .given([registered])
    .when(command('RestoreEmployee', { employeeId, departmentStatus: 'open' }))
    .then([]);
});

test('refuses to restore into a department closed meanwhile', (t) => {
  spec(t)
    .given([registered, dismissed])
    .when(command('RestoreEmployee', { employeeId, departmentStatus: 'closed' }))
    .thenThrows('DEPARTMENT.CLOSED');
});

test('a dismissed employee is not edited or moved until restored', (t) => {
  spec(t)
    .given([registered, dismissed])
    .when(command('ChangeEmployeeDetails', { employeeId, changes: { room: '1' } }))
    .thenThrows('EMPLOYEE.DISMISSED');
  spec(t)
    .given([registered, dismissed])
    .when(command('MoveEmployee', { employeeId, department: open(otherDepartmentId) }))
    .thenThrows('EMPLOYEE.DISMISSED');
});

test('forgets once; afterwards every other command is refused as forgotten', (t) => {
  spec(t).given([registered, dismissed]).when(command('ForgetEmployee', { employeeId })).then([forgotten]);
  spec(t).given([registered, forgotten]).when(command('ForgetEmployee', { employeeId })).then([]);
  const refused: EmployeeCommand[] = [
    command('RegisterEmployee', { employeeId, department: null, details }),
    command('ChangeEmployeeDetails', { employeeId, changes: { room: '1' } }),
    command('MoveEmployee', { employeeId, department: null }),
    command('DismissEmployee', { employeeId }),
    command('RestoreEmployee', { employeeId, departmentStatus: null }),
  ];
  for (const refusedCommand of refused) {
    spec(t).given([registered, forgotten]).when(refusedCommand).thenThrows('EMPLOYEE.FORGOTTEN');
  }
});

test('forgetting keeps no personal data in the state', (t) => {
  const state = [registered, forgotten].reduce(employeeDecider.evolve, employeeDecider.initialState());
  t.deepEqual(state, { status: 'forgotten', employeeId });
});

test('refuses commands for an employee that does not exist', (t) => {
  spec(t).given([]).when(command('DismissEmployee', { employeeId })).thenThrows('EMPLOYEE.NOT_FOUND');
  spec(t).given([]).when(command('ForgetEmployee', { employeeId })).thenThrows('EMPLOYEE.NOT_FOUND');
  spec(t)
    .given([registered])
    .when(command('RegisterEmployee', { employeeId, department: null, details }))
    .thenThrows('EMPLOYEE.ALREADY_EXISTS');
});
