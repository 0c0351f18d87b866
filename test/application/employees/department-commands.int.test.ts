import anyTest, { type TestFn } from 'ava';
import { type DepartmentCommands, makeDepartmentCommands } from '../../../application/employees/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

interface Context extends EventStoreContext {
  departments: DepartmentCommands;
  /** What the stand-in read model answers for active employees per department. */
  active: Map<string, number>;
}
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  t.context.active = new Map();
  const members = { countActive: (id: string) => Promise.resolve(t.context.active.get(id) ?? 0) };
  t.context.departments = makeDepartmentCommands({ store: t.context.store, ids: randomIds, members });
});

test('creates a department under a parent, on its own stream', async (t) => {
  const { departments, store } = t.context;
  const parent = await departments.create({ name: 'ИТ' }, { metadata });
  const child = await departments.create(
    { name: ' Поддержка ', parentId: parent.departmentId },
    { metadata },
  );
  const [created] = await store.readStream(`department-${child.departmentId}`);
  t.deepEqual(created?.data, {
    departmentId: child.departmentId,
    name: 'Поддержка',
    parentId: parent.departmentId,
  });
});

test('refuses a parent that does not exist', async (t) => {
  await t.throwsAsync(
    t.context.departments.create(
      { name: 'X', parentId: 'd0000000-0000-4000-8000-00000000dead' },
      { metadata },
    ),
    { code: 'DEPARTMENT.NOT_FOUND' },
  );
});

test('refuses to nest a department under its own grandchild, reading the chain', async (t) => {
  const { departments } = t.context;
  const top = await departments.create({ name: 'A' }, { metadata });
  const middle = await departments.create({ name: 'B', parentId: top.departmentId }, { metadata });
  const bottom = await departments.create({ name: 'C', parentId: middle.departmentId }, { metadata });
  const error = await t.throwsAsync(departments.move(top.departmentId, bottom.departmentId, { metadata }));
  t.like(error, { code: 'DEPARTMENT.CYCLE' });
  const moved = await departments.move(bottom.departmentId, null, { metadata });
  t.like(moved.events[0]?.data, { from: middle.departmentId, to: null });
});

test('refuses to close a department with active employees, closes it when empty', async (t) => {
  const { departments, active } = t.context;
  const { departmentId } = await departments.create({ name: 'Склад' }, { metadata });
  active.set(departmentId, 3);
  await t.throwsAsync(departments.close(departmentId, { metadata }), { message: /3 active/ });
  active.set(departmentId, 0);
  const closed = await departments.close(departmentId, { metadata });
  t.is(closed.events[0]?.type, 'DepartmentClosed');
  const error = await t.throwsAsync(departments.rename(departmentId, 'Новый склад', { metadata }));
  t.like(error, { code: 'DEPARTMENT.CLOSED' });
});

test('a creation retried with its idempotency key names the same department and appends nothing', async (t) => {
  const { departments, store } = t.context;
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  const first = await departments.create({ name: 'Охрана' }, write);
  const again = await departments.create({ name: 'Охрана' }, write);
  t.is(again.departmentId, first.departmentId);
  t.true(again.duplicate);
  t.is((await store.readStream(`department-${first.departmentId}`)).length, 1);
});
