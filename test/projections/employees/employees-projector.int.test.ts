import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type {
  DepartmentEvent,
  EmployeeDetails,
  EmployeeEvent,
  WorkstationEvent,
} from '../../../domain/employees/index.ts';
import { employeesProjector } from '../../../projections/employees/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const employees = (t: ExecutionContext<Context>) => projectorSpec(employeesProjector, t.context.database)(t);

const accounting = 'd0000000-0000-4000-8000-000000000001';
const it = 'd0000000-0000-4000-8000-000000000002';
const ivanov = 'e0000000-0000-4000-8000-000000000001';
const semenov = 'e0000000-0000-4000-8000-000000000002';
const ws1 = 'f0000000-0000-4000-8000-000000000001';

const at = (minute: number) => ({
  ...testMetadata,
  occurredAt: `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z`,
});
const event = (e: DepartmentEvent | EmployeeEvent | WorkstationEvent, minute = 0): NewEvent => ({
  ...e,
  metadata: at(minute),
});

const details = (overrides: Partial<EmployeeDetails> = {}): EmployeeDetails => ({
  fullName: 'Иванов Иван Иванович',
  position: 'Бухгалтер',
  workPhone: '+7 (495) 123-45-67',
  mobilePhone: '8 916 765-43-21',
  extension: '1234',
  email: 'i.ivanov@corp.example',
  room: '301',
  notes: 'ключ от сейфа',
  ...overrides,
});

const departmentCreated = (departmentId: string, name: string) =>
  event({ type: 'DepartmentCreated', data: { departmentId, name, parentId: null } });
const registered = (employeeId: string, departmentId: string | null, d = details(), minute = 0) =>
  event({ type: 'EmployeeRegistered', data: { employeeId, departmentId, details: d } }, minute);

const history = () => {
  const log = recordedLog();
  return {
    log,
    events: [
      ...log.append(`department-${accounting}`, [departmentCreated(accounting, 'Бухгалтерия')]),
      ...log.append(`department-${it}`, [departmentCreated(it, 'ИТ-служба')]),
      ...log.append(`employee-${ivanov}`, [registered(ivanov, accounting)]),
    ],
  };
};

const EMPLOYEE = `select department_id, department_name, full_name, work_phone, mobile_phone, extension, email,
  notes, position, room, status, forgotten, search_text, phone_text, updated_at
  from employees.employees where id = '${ivanov}'`;

test('registers an employee with the department name and the search columns', async (t) => {
  await employees(t)
    .given(history().events)
    .thenRows(EMPLOYEE, [
      {
        department_id: accounting,
        department_name: 'Бухгалтерия',
        full_name: 'Иванов Иван Иванович',
        work_phone: '+7 (495) 123-45-67',
        mobile_phone: '8 916 765-43-21',
        extension: '1234',
        email: 'i.ivanov@corp.example',
        notes: 'ключ от сейфа',
        position: 'Бухгалтер',
        room: '301',
        status: 'active',
        forgotten: false,
        search_text: 'иванов иван иванович бухгалтер i.ivanov@corp.example 301 бухгалтерия',
        phone_text: ' 4951234567 9167654321 1234 ',
        updated_at: new Date('2026-11-24T12:00:00.000Z'),
      },
    ]);
});

test('folds ё and keeps each word of the search text in the lexicon once', async (t) => {
  const { log, events } = history();
  await employees(t)
    .given([
      ...events,
      ...log.append(`employee-${semenov}`, [
        registered(semenov, accounting, details({ fullName: 'Семёнов Пётр', email: null, notes: null })),
      ]),
    ])
    .thenRows(`select array_agg(word order by word) as words from employees.words`, [
      {
        words: [
          'example',
          'corp',
          'ivanov',
          'бухгалтер',
          'бухгалтерия',
          'иван',
          'иванов',
          'иванович',
          'петр',
          'семенов',
        ].sort(),
      },
    ]);
});

test('registers a run of employees in one insert and one lexicon statement', async (t) => {
  const log = recordedLog();
  const many = Array.from({ length: 100 }, (_, i) =>
    log.append(`employee-${i}`, [
      registered(`e0000000-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`, null),
    ]),
  ).flat();
  await employees(t).given([]).when(many).thenStatements(2);
});

test('follows detail changes, moves, dismissal and restoration', async (t) => {
  const { log, events } = history();
  const stream = `employee-${ivanov}`;
  await employees(t)
    .given(events)
    .when(
      log.append(stream, [
        event(
          {
            type: 'EmployeeDetailsChanged',
            data: {
              employeeId: ivanov,
              changes: [
                { field: 'position', from: 'Бухгалтер', to: 'Инженер' },
                { field: 'mobilePhone', from: '8 916 765-43-21', to: null },
              ],
            },
          },
          1,
        ),
        event({ type: 'EmployeeMoved', data: { employeeId: ivanov, from: accounting, to: it } }, 2),
        event({ type: 'EmployeeDismissed', data: { employeeId: ivanov } }, 3),
      ]),
    )
    .thenRows(
      `select department_id, department_name, position, mobile_phone, status, search_text, phone_text,
         updated_at, (select count(*)::int from employees.words where word like 'бухгалтер%') as stale
       from employees.employees`,
      [
        {
          department_id: it,
          department_name: 'ИТ-служба',
          position: 'Инженер',
          mobile_phone: null,
          status: 'dismissed',
          search_text: 'иванов иван иванович инженер i.ivanov@corp.example 301 ит-служба',
          phone_text: ' 4951234567  1234 ',
          updated_at: new Date('2026-11-24T12:03:00.000Z'),
          stale: 0,
        },
      ],
    );
});

test('restores a dismissed employee', async (t) => {
  const { log, events } = history();
  await employees(t)
    .given([
      ...events,
      ...log.append(`employee-${ivanov}`, [
        event({ type: 'EmployeeDismissed', data: { employeeId: ivanov } }, 1),
        event({ type: 'EmployeeRestored', data: { employeeId: ivanov } }, 2),
      ]),
    ])
    .thenRows(`select status from employees.employees`, [{ status: 'active' }]);
});

test('a department rename reaches its employees and their search text', async (t) => {
  const { log, events } = history();
  await employees(t)
    .given(events)
    .when(
      log.append(`department-${accounting}`, [
        event(
          {
            type: 'DepartmentRenamed',
            data: { departmentId: accounting, from: 'Бухгалтерия', to: 'Финансы' },
          },
          1,
        ),
        event({ type: 'DepartmentMoved', data: { departmentId: accounting, from: null, to: it } }, 2),
        event({ type: 'DepartmentClosed', data: { departmentId: accounting } }, 3),
      ]),
    )
    .thenRows(
      `select d.name, d.parent_id, d.status, e.department_name, e.search_text,
         exists (select 1 from employees.words where word = 'бухгалтерия') as old_word,
         exists (select 1 from employees.words where word = 'финансы') as new_word
       from employees.departments d join employees.employees e on e.department_id = d.id`,
      [
        {
          name: 'Финансы',
          parent_id: it,
          status: 'closed',
          department_name: 'Финансы',
          search_text: 'иванов иван иванович бухгалтер i.ivanov@corp.example 301 финансы',
          old_word: false,
          new_word: true,
        },
      ],
    );
});

test('tracks workstations: registered, changed, assigned, retired', async (t) => {
  const { log, events } = history();
  const stream = `workstation-${ws1}`;
  await employees(t)
    .given([
      ...events,
      ...log.append(stream, [
        event({
          type: 'WorkstationRegistered',
          data: {
            workstationId: ws1,
            employeeId: null,
            details: { hostname: 'WS-BUH-01', ip: '10.0.1.15', inventoryNumber: 'INV-7' },
          },
        }),
      ]),
    ])
    .when(
      log.append(stream, [
        event({ type: 'WorkstationAssigned', data: { workstationId: ws1, from: null, to: ivanov } }, 1),
        event(
          {
            type: 'WorkstationDetailsChanged',
            data: {
              workstationId: ws1,
              changes: [{ field: 'hostname', from: 'ws-buh-01', to: 'WS-BUH-02' }],
            },
          },
          2,
        ),
        event({ type: 'WorkstationRetired', data: { workstationId: ws1 } }, 3),
      ]),
    )
    .thenRows(
      `select hostname, ip, inventory_number, employee_id, status, updated_at from employees.workstations`,
      [
        {
          hostname: 'ws-buh-02',
          ip: '10.0.1.15',
          inventory_number: 'INV-7',
          employee_id: ivanov,
          status: 'retired',
          updated_at: new Date('2026-11-24T12:03:00.000Z'),
        },
      ],
    );
});

test('forgetting scrubs the personal data, the search columns and the words only they held', async (t) => {
  const { log, events } = history();
  await employees(t)
    .given([
      ...events,
      ...log.append(`employee-${semenov}`, [
        registered(semenov, accounting, details({ fullName: 'Семёнов Пётр', email: null })),
      ]),
    ])
    .when(
      log.append(`employee-${ivanov}`, [
        event({ type: 'EmployeeForgotten', data: { employeeId: ivanov } }, 1),
        event(
          {
            type: 'EmployeeDetailsChanged',
            data: { employeeId: ivanov, changes: [{ field: 'fullName', from: null, to: 'Иванов И.' }] },
          },
          2,
        ),
      ]),
    )
    .thenRows(
      `select e.department_id, e.full_name, e.work_phone, e.mobile_phone, e.extension, e.email, e.notes,
         e.position, e.room, e.status, e.forgotten, e.search_text, e.name_text, e.phone_text,
         (select array_agg(word order by word) from employees.words) as words
       from employees.employees e where e.id = '${ivanov}'`,
      [
        {
          department_id: accounting,
          full_name: null,
          work_phone: null,
          mobile_phone: null,
          extension: null,
          email: null,
          notes: null,
          position: 'Бухгалтер',
          room: '301',
          status: 'active',
          forgotten: true,
          search_text: 'бухгалтер 301 бухгалтерия',
          name_text: '',
          phone_text: '    ',
          words: ['бухгалтер', 'бухгалтерия', 'петр', 'семенов'],
        },
      ],
    );
});

test('a rebuild after forgetting reads null personal fields and projects them as empty', async (t) => {
  const log = recordedLog();
  const unreadable = {
    fullName: null,
    position: 'Бухгалтер',
    workPhone: null,
    mobilePhone: null,
    extension: null,
    email: null,
    room: '301',
    notes: null,
  } as unknown as EmployeeDetails; // what the decrypting store hands over once the key is gone
  await employees(t)
    .given([
      ...log.append(`employee-${ivanov}`, [
        registered(ivanov, null, unreadable),
        event({ type: 'EmployeeForgotten', data: { employeeId: ivanov } }, 1),
      ]),
    ])
    .thenRows(`select full_name, search_text, forgotten from employees.employees`, [
      { full_name: null, search_text: 'бухгалтер 301', forgotten: true },
    ]);
});

test('an event in the log with a NUL or a lone surrogate is projected with U+FFFD, never failing (#12 point 3)', async (t) => {
  const log = recordedLog();
  // What the decrypting store hands over for an employee registered before the interfaces refused NUL.
  const named = details({ fullName: 'Иванов\u0000Иван', room: '30\ud8001', notes: 'a\u0000b' });
  await employees(t)
    .given([
      ...log.append(`employee-${ivanov}`, [
        registered(ivanov, null, named),
        event(
          {
            type: 'EmployeeDetailsChanged',
            data: {
              employeeId: ivanov,
              changes: [{ field: 'position', from: 'Бухгалтер', to: 'Гл.\u0000бух' }],
            },
          },
          1,
        ),
      ]),
    ])
    .thenRows(`select full_name, room, notes, position from employees.employees`, [
      { full_name: 'Иванов\uFFFDИван', room: '30\uFFFD1', notes: 'a\uFFFDb', position: 'Гл.\uFFFDбух' },
    ]);
});
