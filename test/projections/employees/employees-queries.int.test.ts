import anyTest, { type TestFn } from 'ava';
import type { DepartmentMembers } from '../../../application/employees/department-members.ts';
import type { EmployeesQueries } from '../../../application/employees/employees-queries.ts';
import type { NewEvent } from '../../../application/ports/index.ts';
import type {
  DepartmentEvent,
  EmployeeDetails,
  EmployeeEvent,
  WorkstationEvent,
} from '../../../domain/employees/index.ts';
import { type EmployeesDatabase, employeesQueries } from '../../../projections/employees/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { projectEmployees } from '../../support/search-fixture.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  queries: EmployeesQueries & DepartmentMembers;
}

const test = anyTest as TestFn<Context>;

const uuid = (prefix: string, n: number) => `${prefix}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const accounting = uuid('d', 1);
const archive = uuid('d', 2);
const it = uuid('d', 3);
const ivanov = uuid('e', 1);
const petrova = uuid('e', 2);
const sidorov = uuid('e', 3);
const forgotten = uuid('e', 4);
const wsUnderscore = uuid('f', 1);
const wsPlain = uuid('f', 2);
const wsRetired = uuid('f', 3);
const wsFree = uuid('f', 4);

const event = (e: DepartmentEvent | EmployeeEvent | WorkstationEvent, minute = 0): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z` },
});

const details = (fullName: string, overrides: Partial<EmployeeDetails> = {}): EmployeeDetails => ({
  fullName,
  position: null,
  workPhone: null,
  mobilePhone: null,
  extension: null,
  email: null,
  room: null,
  notes: null,
  ...overrides,
});

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.queries = employeesQueries(database.db.withTables<EmployeesDatabase>());
  const log = recordedLog();
  const department = (departmentId: string, name: string, parentId: string | null = null) =>
    log.append(`department-${departmentId}`, [
      event({ type: 'DepartmentCreated', data: { departmentId, name, parentId } }),
    ]);
  const employee = (employeeId: string, departmentId: string | null, d: EmployeeDetails) =>
    log.append(`employee-${employeeId}`, [
      event({ type: 'EmployeeRegistered', data: { employeeId, departmentId, details: d } }),
    ]);
  const workstation = (workstationId: string, employeeId: string | null, hostname: string, ip: string) =>
    log.append(`workstation-${workstationId}`, [
      event({
        type: 'WorkstationRegistered',
        data: { workstationId, employeeId, details: { hostname, ip, inventoryNumber: null } },
      }),
    ]);
  const events = [
    ...department(accounting, 'Бухгалтерия'),
    ...department(it, 'ИТ-служба', accounting),
    ...department(archive, 'Архив'),
    ...log.append(`department-${archive}`, [
      event({ type: 'DepartmentClosed', data: { departmentId: archive } }, 1),
    ]),
    ...employee(ivanov, accounting, details('Иванов Иван', { position: 'Бухгалтер', extension: '2301' })),
    ...employee(petrova, accounting, details('Петрова Анна', { notes: 'уволена' })),
    ...log.append(`employee-${petrova}`, [
      event({ type: 'EmployeeDismissed', data: { employeeId: petrova } }, 1),
    ]),
    ...employee(sidorov, null, details('Сидоров Пётр')),
    ...employee(forgotten, accounting, details('Забытый Человек')),
    ...log.append(`employee-${forgotten}`, [
      event({ type: 'EmployeeForgotten', data: { employeeId: forgotten } }, 1),
    ]),
    ...workstation(wsUnderscore, ivanov, 'ws_a-01', '10.0.0.1'),
    ...workstation(wsPlain, ivanov, 'wsxa-02', '10.0.0.2'),
    ...workstation(wsRetired, sidorov, 'ws_a-00', '10.0.0.3'),
    ...log.append(`workstation-${wsRetired}`, [
      event({ type: 'WorkstationRetired', data: { workstationId: wsRetired } }, 1),
    ]),
    ...workstation(wsFree, null, 'pc-free', '10.0.0.4'),
  ];
  await projectEmployees(database, events);
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

test('lists departments by name, counting only active people not forgotten', async (t) => {
  t.deepEqual(await t.context.queries.listDepartments(), [
    { departmentId: archive, name: 'Архив', parentId: null, status: 'closed', activeEmployees: 0 },
    { departmentId: accounting, name: 'Бухгалтерия', parentId: null, status: 'open', activeEmployees: 1 },
    { departmentId: it, name: 'ИТ-служба', parentId: accounting, status: 'open', activeEmployees: 0 },
  ]);
  t.is(await t.context.queries.countActive(accounting), 1);
  t.is(await t.context.queries.countActive(archive), 0);
});

test('reads one department; an unknown or malformed id reads none', async (t) => {
  t.like(await t.context.queries.getDepartment(accounting), { name: 'Бухгалтерия', activeEmployees: 1 });
  t.is(await t.context.queries.getDepartment(uuid('d', 9)), null);
  t.is(await t.context.queries.getDepartment('not-a-uuid'), null);
});

test('lists workstations by host name: a prefix is literal, retired ones only when asked, paged', async (t) => {
  const hosts = async (options: Parameters<EmployeesQueries['listWorkstations']>[0]) =>
    (await t.context.queries.listWorkstations(options)).map((w) => w.hostname);
  t.deepEqual(await hosts({ limit: 10, offset: 0 }), ['pc-free', 'ws_a-01', 'wsxa-02']);
  t.deepEqual(await hosts({ hostnamePrefix: 'ws_a', limit: 10, offset: 0 }), ['ws_a-01']);
  t.deepEqual(await hosts({ hostnamePrefix: 'ws_a', includeRetired: true, limit: 10, offset: 0 }), [
    'ws_a-00',
    'ws_a-01',
  ]);
  t.deepEqual(await hosts({ includeRetired: true, limit: 2, offset: 1 }), ['ws_a-00', 'ws_a-01']);
});

test('reads one workstation with its holder; an unknown or malformed id reads none', async (t) => {
  t.deepEqual(await t.context.queries.getWorkstation(wsUnderscore), {
    workstationId: wsUnderscore,
    hostname: 'ws_a-01',
    ip: '10.0.0.1',
    inventoryNumber: null,
    employeeId: ivanov,
    employeeName: 'Иванов Иван',
    status: 'active',
  });
  t.like(await t.context.queries.getWorkstation(wsFree), { employeeId: null, employeeName: null });
  t.is(await t.context.queries.getWorkstation(uuid('f', 9)), null);
  t.is(await t.context.queries.getWorkstation('not-a-uuid'), null);
});

test('exports everyone not forgotten by department and name, with the first active workstation', async (t) => {
  const { rows, departments } = await t.context.queries.exportEmployees();
  // The departments sheet: open departments only (the closed archive is left out).
  t.deepEqual(departments, [
    { name: 'Бухгалтерия', parent: null },
    { name: 'ИТ-служба', parent: 'Бухгалтерия' },
  ]);
  t.deepEqual(
    rows.map((row) => [row.fullName, row.department, row.workstation, row.ip, row.dismissed]),
    [
      ['Сидоров Пётр', null, null, null, false],
      ['Иванов Иван', 'Бухгалтерия', 'ws_a-01', '10.0.0.1', false],
      ['Петрова Анна', 'Бухгалтерия', null, null, true],
    ],
  );
  t.like(rows[1], { position: 'Бухгалтер', extension: '2301', notes: null });
});
