import anyTest, { type TestFn } from 'ava';
import {
  type DepartmentCommands,
  type EmployeeCommands,
  makeDepartmentCommands,
  makeEmployeeCommands,
} from '../../../application/employees/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

interface Context extends EventStoreContext {
  departments: DepartmentCommands;
  employees: EmployeeCommands;
}
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  const { store } = t.context;
  const members = { countActive: () => Promise.resolve(0) };
  t.context.departments = makeDepartmentCommands({ store, ids: randomIds, members });
  t.context.employees = makeEmployeeCommands({ store, ids: randomIds });
});

const anna = { fullName: 'Анна Петрова', email: 'anna@example.ru', extension: '2101' };

test('registers an employee into an open department', async (t) => {
  const { departments, employees, store } = t.context;
  const { departmentId } = await departments.create({ name: 'Кадры' }, { metadata });
  const { employeeId } = await employees.register({ ...anna, departmentId }, { metadata });
  const [registered] = await store.readStream(`employee-${employeeId}`);
  t.like(registered?.data, { employeeId, departmentId, details: { fullName: 'Анна Петрова', room: null } });
});

test('refuses a department that does not exist or is closed, writing nothing', async (t) => {
  const { departments, employees } = t.context;
  const missing = await t.throwsAsync(
    employees.register({ ...anna, departmentId: 'd0000000-0000-4000-8000-00000000dead' }, { metadata }),
  );
  t.like(missing, { code: 'DEPARTMENT.NOT_FOUND' });
  const { departmentId } = await departments.create({ name: 'Архив' }, { metadata });
  await departments.close(departmentId, { metadata });
  const closed = await t.throwsAsync(employees.register({ ...anna, departmentId }, { metadata }));
  t.like(closed, { code: 'DEPARTMENT.CLOSED' });
});

test('changes details field by field and records nothing for no change', async (t) => {
  const { employees } = t.context;
  const { employeeId } = await employees.register(anna, { metadata });
  const changed = await employees.changeDetails(
    employeeId,
    { email: 'a.petrova@example.ru', extension: '2101' },
    {
      metadata,
    },
  );
  t.deepEqual(changed.events, [
    {
      type: 'EmployeeDetailsChanged',
      data: {
        employeeId,
        changes: [{ field: 'email', from: 'anna@example.ru', to: 'a.petrova@example.ru' }],
      },
    },
  ]);
  const same = await employees.changeDetails(employeeId, { email: 'a.petrova@example.ru' }, { metadata });
  t.deepEqual(same.events, []);
  t.is(same.checkpoint, null);
});

test('moves, dismisses, restores and forgets; then refuses everything as forgotten', async (t) => {
  const { departments, employees, store } = t.context;
  const first = await departments.create({ name: 'Продажи' }, { metadata });
  const second = await departments.create({ name: 'Маркетинг' }, { metadata });
  const { employeeId } = await employees.register(
    { ...anna, departmentId: first.departmentId },
    { metadata },
  );
  await employees.move(employeeId, second.departmentId, { metadata });
  await employees.dismiss(employeeId, { metadata });
  await employees.restore(employeeId, { metadata });
  await employees.forget(employeeId, { metadata });
  const again = await employees.forget(employeeId, { metadata });
  t.deepEqual(again.events, []);
  const refused = await t.throwsAsync(employees.changeDetails(employeeId, { room: '1' }, { metadata }));
  t.like(refused, { code: 'EMPLOYEE.FORGOTTEN' });
  const types = (await store.readStream(`employee-${employeeId}`)).map((e) => e.type);
  t.deepEqual(types, [
    'EmployeeRegistered',
    'EmployeeMoved',
    'EmployeeDismissed',
    'EmployeeRestored',
    'EmployeeForgotten',
  ]);
});

test('refuses to restore an employee whose department closed meanwhile', async (t) => {
  const { departments, employees } = t.context;
  const { departmentId } = await departments.create({ name: 'Филиал' }, { metadata });
  const { employeeId } = await employees.register({ ...anna, departmentId }, { metadata });
  await employees.dismiss(employeeId, { metadata });
  await departments.close(departmentId, { metadata });
  const error = await t.throwsAsync(employees.restore(employeeId, { metadata }));
  t.like(error, { code: 'DEPARTMENT.CLOSED' });
});

test('a registration retried with its idempotency key answers the same employee', async (t) => {
  const { employees, store } = t.context;
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  const first = await employees.register(anna, write);
  const again = await employees.register(anna, write);
  t.is(again.employeeId, first.employeeId);
  t.true(again.duplicate);
  t.is((await store.readStream(`employee-${first.employeeId}`)).length, 1);
});
