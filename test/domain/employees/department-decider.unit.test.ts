import test from 'ava';
import {
  type DepartmentCommand,
  type DepartmentEvent,
  MAX_DEPARTMENT_DEPTH,
  departmentDecider,
} from '../../../domain/employees/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(departmentDecider);
const departmentId = 'd0000000-0000-4000-8000-000000000001';
const parentId = 'd0000000-0000-4000-8000-000000000002';
const childId = 'd0000000-0000-4000-8000-000000000003';
const command = <C extends DepartmentCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const created: DepartmentEvent = {
  type: 'DepartmentCreated',
  data: { departmentId, name: 'Бухгалтерия', parentId: null },
};
const closed: DepartmentEvent = { type: 'DepartmentClosed', data: { departmentId } };
const openParent = { departmentId: parentId, status: 'open', ancestorIds: [] } as const;

test('creates a department with a trimmed name', (t) => {
  spec(t)
    .given([])
    .when(command('CreateDepartment', { departmentId, name: '  Бухгалтерия ', parent: null }))
    .then([created]);
});

test('creates a department under an open parent', (t) => {
  spec(t)
    .given([])
    .when(command('CreateDepartment', { departmentId, name: 'Бухгалтерия', parent: openParent }))
    .then([{ type: 'DepartmentCreated', data: { departmentId, name: 'Бухгалтерия', parentId } }]);
});

test('refuses an empty or overlong name', (t) => {
  for (const name of ['', '   ', 'x'.repeat(201)]) {
    spec(t)
      .given([])
      .when(command('CreateDepartment', { departmentId, name, parent: null }))
      .thenThrows('DEPARTMENT.INVALID_NAME');
  }
});

test('refuses a parent that is missing or closed', (t) => {
  spec(t)
    .given([])
    .when(command('CreateDepartment', { departmentId, name: 'A', parent: { ...openParent, status: 'none' } }))
    .thenThrows('DEPARTMENT.NOT_FOUND');
  spec(t)
    .given([])
    .when(
      command('CreateDepartment', { departmentId, name: 'A', parent: { ...openParent, status: 'closed' } }),
    )
    .thenThrows('DEPARTMENT.CLOSED');
});

test('refuses to create a department twice', (t) => {
  spec(t)
    .given([created])
    .when(command('CreateDepartment', { departmentId, name: 'A', parent: null }))
    .thenThrows('DEPARTMENT.ALREADY_EXISTS');
});

test('renames, and records nothing for the same name', (t) => {
  spec(t)
    .given([created])
    .when(command('RenameDepartment', { departmentId, name: 'Финансы' }))
    .then([{ type: 'DepartmentRenamed', data: { departmentId, from: 'Бухгалтерия', to: 'Финансы' } }]);
  spec(t)
    .given([created])
    .when(command('RenameDepartment', { departmentId, name: ' Бухгалтерия ' }))
    .then([]);
});

test('nests under a parent and back to the top', (t) => {
  const moved: DepartmentEvent = {
    type: 'DepartmentMoved',
    data: { departmentId, from: null, to: parentId },
  };
  spec(t)
    .given([created])
    .when(command('MoveDepartment', { departmentId, parent: openParent }))
    .then([moved]);
  spec(t)
    .given([created, moved])
    .when(command('MoveDepartment', { departmentId, parent: null }))
    .then([{ type: 'DepartmentMoved', data: { departmentId, from: parentId, to: null } }]);
  spec(t)
    .given([created])
    .when(command('MoveDepartment', { departmentId, parent: null }))
    .then([]);
});

test('refuses to nest a department under itself or its descendant', (t) => {
  spec(t)
    .given([created])
    .when(command('MoveDepartment', { departmentId, parent: { ...openParent, departmentId } }))
    .thenThrows('DEPARTMENT.CYCLE');
  spec(t)
    .given([created])
    .when(
      command('MoveDepartment', {
        departmentId,
        parent: { departmentId: childId, status: 'open', ancestorIds: [parentId, departmentId] },
      }),
    )
    .thenThrows('DEPARTMENT.CYCLE');
});

test('refuses nesting deeper than the limit', (t) => {
  const ancestorIds = Array.from({ length: MAX_DEPARTMENT_DEPTH - 1 }, (_, i) => `a${i}`);
  spec(t)
    .given([created])
    .when(command('MoveDepartment', { departmentId, parent: { ...openParent, ancestorIds } }))
    .thenThrows('DEPARTMENT.TOO_DEEP');
  spec(t)
    .given([created])
    .when(
      command('MoveDepartment', {
        departmentId,
        parent: { ...openParent, ancestorIds: ancestorIds.slice(1) },
      }),
    )
    .then([{ type: 'DepartmentMoved', data: { departmentId, from: null, to: parentId } }]);
});

test('closes an empty department once', (t) => {
  spec(t)
    .given([created])
    .when(command('CloseDepartment', { departmentId, activeEmployees: 0 }))
    .then([closed]);
  spec(t)
    .given([created, closed])
    .when(command('CloseDepartment', { departmentId, activeEmployees: 0 }))
    .then([]);
});

test('refuses to close a department that still has active employees', (t) => {
  spec(t)
    .given([created])
    .when(command('CloseDepartment', { departmentId, activeEmployees: 2 }))
    .thenThrows('DEPARTMENT.NOT_EMPTY');
});

test('a closed department refuses changes', (t) => {
  spec(t)
    .given([created, closed])
    .when(command('RenameDepartment', { departmentId, name: 'Финансы' }))
    .thenThrows('DEPARTMENT.CLOSED');
  spec(t)
    .given([created, closed])
    .when(command('MoveDepartment', { departmentId, parent: openParent }))
    .thenThrows('DEPARTMENT.CLOSED');
});

test('refuses changes to a department that does not exist', (t) => {
  spec(t)
    .given([])
    .when(command('RenameDepartment', { departmentId, name: 'X' }))
    .thenThrows('DEPARTMENT.NOT_FOUND');
  spec(t)
    .given([])
    .when(command('CloseDepartment', { departmentId, activeEmployees: 0 }))
    .thenThrows('DEPARTMENT.NOT_FOUND');
});
