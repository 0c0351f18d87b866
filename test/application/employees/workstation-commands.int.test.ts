import anyTest, { type TestFn } from 'ava';
import {
  type EmployeeCommands,
  type WorkstationCommands,
  makeEmployeeCommands,
  makeWorkstationCommands,
} from '../../../application/employees/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

interface Context extends EventStoreContext {
  employees: EmployeeCommands;
  workstations: WorkstationCommands;
}
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  const { store } = t.context;
  t.context.employees = makeEmployeeCommands({ store, ids: randomIds });
  t.context.workstations = makeWorkstationCommands({ store, ids: randomIds });
});

const host = () => `pc-${randomIds.newId().slice(0, 8)}`;
const claimTypes = async (t: { context: Context }, hostname: string) =>
  (await t.context.store.readStream(`workstation-hostname-${hostname}`)).map(
    (e) => `${e.type}:${String((e.data as { workstationId: string }).workstationId)}`,
  );

test('of concurrent registrations of one host name in any case, exactly one wins', async (t) => {
  const hostname = host();
  const outcomes = await Promise.allSettled(
    [hostname, hostname.toUpperCase(), hostname, hostname.toUpperCase()].map((h) =>
      t.context.workstations.register({ hostname: h }, { metadata }),
    ),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  t.is(won.length, 1);
  for (const o of outcomes) {
    if (o.status === 'rejected') t.like(o.reason, { code: 'WORKSTATION.HOSTNAME_TAKEN' });
  }
  t.is((await t.context.store.readStream(`workstation-hostname-${hostname}`)).length, 1);
});

test('a refused registration claims nothing', async (t) => {
  const hostname = host();
  const error = await t.throwsAsync(
    t.context.workstations.register({ hostname, ip: '999.1.1.1' }, { metadata }),
  );
  t.like(error, { code: 'WORKSTATION.INVALID_IP' });
  const missingOwner = await t.throwsAsync(
    t.context.workstations.register(
      { hostname, employeeId: 'e0000000-0000-4000-8000-00000000dead' },
      { metadata },
    ),
  );
  t.like(missingOwner, { code: 'EMPLOYEE.NOT_FOUND' });
  t.deepEqual(await claimTypes(t, hostname), []);
});

test('a rename claims the new name and releases the old one for others', async (t) => {
  const { workstations } = t.context;
  const [oldName, newName] = [host(), host()];
  const { workstationId } = await workstations.register({ hostname: oldName }, { metadata });
  await workstations.changeDetails(workstationId, { hostname: newName.toUpperCase() }, { metadata });
  t.deepEqual(await claimTypes(t, oldName), [
    `HostnameClaimed:${workstationId}`,
    `HostnameReleased:${workstationId}`,
  ]);
  t.deepEqual(await claimTypes(t, newName), [`HostnameClaimed:${workstationId}`]);
  const other = await workstations.register({ hostname: oldName }, { metadata });
  t.not(other.workstationId, workstationId);
  const taken = await t.throwsAsync(workstations.register({ hostname: newName }, { metadata }));
  t.like(taken, { code: 'WORKSTATION.HOSTNAME_TAKEN' });
});

test('retiring releases the host name', async (t) => {
  const { workstations } = t.context;
  const hostname = host();
  const first = await workstations.register({ hostname }, { metadata });
  await workstations.retire(first.workstationId, { metadata });
  const second = await workstations.register({ hostname }, { metadata });
  t.deepEqual(await claimTypes(t, hostname), [
    `HostnameClaimed:${first.workstationId}`,
    `HostnameReleased:${first.workstationId}`,
    `HostnameClaimed:${second.workstationId}`,
  ]);
  const error = await t.throwsAsync(workstations.assign(first.workstationId, 'e-1', { metadata }));
  t.like(error, { code: 'WORKSTATION.RETIRED' });
});

test('a registration retried with its idempotency key names the same workstation and appends nothing', async (t) => {
  const { workstations, store } = t.context;
  const hostname = host();
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  const first = await workstations.register({ hostname }, write);
  const again = await workstations.register({ hostname }, write);
  t.is(again.workstationId, first.workstationId);
  t.true(again.duplicate);
  t.is((await store.readStream(`workstation-${first.workstationId}`)).length, 1);
  t.is((await store.readStream(`workstation-hostname-${hostname}`)).length, 1);
});

test('assigns only to an active employee, and unassigns', async (t) => {
  const { employees, workstations } = t.context;
  const { employeeId } = await employees.register({ fullName: 'Олег Смирнов' }, { metadata });
  const { workstationId } = await workstations.register({ hostname: host(), employeeId }, { metadata });
  const unassigned = await workstations.unassign(workstationId, { metadata });
  t.like(unassigned.events[0]?.data, { from: employeeId, to: null });
  await employees.dismiss(employeeId, { metadata });
  const error = await t.throwsAsync(workstations.assign(workstationId, employeeId, { metadata }));
  t.like(error, { code: 'EMPLOYEE.DISMISSED' });
});

test('a rename cut short before the release is completed by its retry', async (t) => {
  const { workstations, store } = t.context;
  const [oldName, newName] = [host(), host()];
  const { workstationId } = await workstations.register({ hostname: oldName }, { metadata });
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  // The first attempt claimed the new name and renamed, then died before releasing the old name.
  await store.append(
    `workstation-hostname-${newName}`,
    [{ type: 'HostnameClaimed', data: { hostname: newName, workstationId }, metadata }],
    { expectedRevision: 'no_stream', idempotencyKey: `${write.idempotencyKey}:hostname-claim` },
  );
  const change = { field: 'hostname', from: oldName, to: newName };
  await store.append(
    `workstation-${workstationId}`,
    [{ type: 'WorkstationDetailsChanged', data: { workstationId, changes: [change] }, metadata }],
    { expectedRevision: 0, idempotencyKey: write.idempotencyKey },
  );
  const retried = await workstations.changeDetails(workstationId, { hostname: newName }, write);
  t.true(retried.duplicate);
  t.deepEqual(await claimTypes(t, oldName), [
    `HostnameClaimed:${workstationId}`,
    `HostnameReleased:${workstationId}`,
  ]);
  t.deepEqual(await claimTypes(t, newName), [`HostnameClaimed:${workstationId}`]);
});

test('a name still held by a retired workstation is taken over', async (t) => {
  const { workstations, store } = t.context;
  const hostname = host();
  const first = await workstations.register({ hostname }, { metadata });
  // Retired, but the release never happened (a crash between the two appends).
  await store.append(
    `workstation-${first.workstationId}`,
    [{ type: 'WorkstationRetired', data: { workstationId: first.workstationId }, metadata }],
    { expectedRevision: 0 },
  );
  const second = await workstations.register({ hostname }, { metadata });
  t.deepEqual(await claimTypes(t, hostname), [
    `HostnameClaimed:${first.workstationId}`,
    `HostnameReleased:${first.workstationId}`,
    `HostnameClaimed:${second.workstationId}`,
  ]);
});
