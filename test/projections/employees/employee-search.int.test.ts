import anyTest, { type TestFn } from 'ava';
import type { MatchedBy } from '../../../application/employees/search/index.ts';
import type { EmployeeDetails } from '../../../domain/employees/index.ts';
import { fixtureId } from '../../support/directory-fixture.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type SearchFixture, searchOverDirectory } from '../../support/search-fixture.ts';

type Context = SearchFixture;

const test = anyTest as TestFn<Context>;

const departments = { accounting: fixtureId('d', 1), it: fixtureId('d', 2), warehouse: fixtureId('d', 3) };
const id = {
  ivanov: fixtureId('e', 1),
  ivanova: fixtureId('e', 2),
  ivanovich: fixtureId('e', 3),
  semenov: fixtureId('e', 4),
  smith: fixtureId('e', 5),
  dismissedIvanov: fixtureId('e', 6),
  forgotten: fixtureId('e', 7),
  shcherbakov: fixtureId('e', 8),
};

type Person = [id: string, department: string, details: Partial<EmployeeDetails> & { fullName: string }];

const people: Person[] = [
  [
    id.ivanov,
    departments.accounting,
    {
      fullName: 'Иванов Иван Петрович',
      position: 'Главный бухгалтер',
      mobilePhone: '+7 (916) 123-45-67',
      workPhone: '8 (495) 700-10-01',
      extension: '2301',
      email: 'i.ivanov@corp.example',
      room: '301',
    },
  ],
  [
    id.ivanova,
    departments.it,
    {
      fullName: 'Иванова Мария Сергеевна',
      position: 'Инженер',
      mobilePhone: '8-903-555-12-12',
      extension: '4410',
    },
  ],
  [
    id.ivanovich,
    departments.warehouse,
    {
      fullName: 'Петров Сергей Иванович',
      position: 'Кладовщик',
      mobilePhone: '89261112233',
      extension: '5120',
    },
  ],
  [
    id.semenov,
    departments.it,
    {
      fullName: 'Семёнов Пётр Алексеевич',
      position: 'Системный администратор',
      mobilePhone: '+79990001122',
      extension: '4402',
      email: 'p.semenov@corp.example',
    },
  ],
  [
    id.smith,
    departments.it,
    { fullName: 'John Smith', position: 'Consultant', email: 'john.smith@corp.example' },
  ],
  [id.dismissedIvanov, departments.warehouse, { fullName: 'Иванов Иван Андреевич', position: 'Водитель' }],
  [id.forgotten, departments.accounting, { fullName: 'Уникальнов Забытый', mobilePhone: '+7 900 999-88-77' }],
  [id.shcherbakov, departments.warehouse, { fullName: 'Щербаков Олег Юрьевич', position: 'Грузчик' }],
];

// Namesakes and neighbours: enough rows that the right person first is a property of the ranking.
const fillers = [
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Иваненко',
  'Иванцов',
  'Ивашов',
  'Семенихин',
];
fillers.forEach((surname, i) =>
  people.push([
    fixtureId('e', 100 + i),
    Object.values(departments)[i % 3] ?? departments.it,
    {
      fullName: `${surname} ${i % 2 ? 'Анна Викторовна' : 'Дмитрий Олегович'}`,
      position: 'Специалист',
      mobilePhone: `+7 (915) 000-${String(1000 + i).padStart(4, '0')}`,
      extension: String(3000 + i),
    },
  ]),
);

const workstations = [
  { workstationId: fixtureId('f', 1), employeeId: id.ivanov, hostname: 'ws-buh-01', ip: '10.0.1.15' },
  { workstationId: fixtureId('f', 2), employeeId: id.semenov, hostname: 'ws-it-07', ip: '10.0.2.7' },
  { workstationId: fixtureId('f', 3), employeeId: id.ivanova, hostname: 'nb-it-12', ip: 'fe80::12' },
];

const meta = (minute = 0) => ({
  ...testMetadata,
  occurredAt: `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z`,
});

test.before(async (t) => {
  const names = {
    [departments.accounting]: 'Бухгалтерия',
    [departments.it]: 'ИТ-служба',
    [departments.warehouse]: 'Склад',
    // An empty department named like the fillers' position: it must not hide them (see the paging test).
    [fixtureId('d', 4)]: 'Специалист',
  };
  const workstationOf = new Map(
    workstations.map(({ employeeId, ...workstation }) => [employeeId, workstation]),
  );
  const later = (type: 'EmployeeDismissed' | 'EmployeeForgotten', employeeId: string) => ({
    streamId: `employee-${employeeId}`,
    events: [{ type, data: { employeeId }, metadata: meta(1) }],
  });
  t.context = await searchOverDirectory(
    {
      departments: names,
      people: people.map(([employeeId, departmentId, details]) => {
        const workstation = workstationOf.get(employeeId);
        return { employeeId, departmentId, details, ...(workstation ? { workstation } : {}) };
      }),
    },
    {
      occurredAt: meta().occurredAt,
      then: [later('EmployeeDismissed', id.dismissedIvanov), later('EmployeeForgotten', id.forgotten)],
    },
  );
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const NAME_OF = new Map(people.map(([employeeId, , d]) => [employeeId, d.fullName]));

/** The search finds `expected` first for each query, matched as `matchedBy`. */
const findsFirst = test.macro(
  async (t, queries: readonly string[], expected: string, matchedBy: MatchedBy) => {
    for (const query of queries) {
      const hits = await t.context.search.search(query);
      t.is(
        hits[0]?.employee.fullName,
        NAME_OF.get(expected),
        `"${query}" → ${hits.map((h) => h.employee.fullName).join(', ')}`,
      );
      t.is(hits[0]?.matchedBy, matchedBy, query);
    }
  },
);

test('by surname in any case', findsFirst, ['Иванов', 'иванов', 'ИВАНОВ'], id.ivanov, 'name');
test(
  'with ё or е either way',
  findsFirst,
  ['Семёнов', 'семенов', 'СЕМЕНОВ', 'Пётр Семенов'],
  id.semenov,
  'name',
);
test('ё typed where the name has е', findsFirst, ['Щёрбаков'], id.shcherbakov, 'name');
test('by the start of a name', findsFirst, ['семен', 'Семё'], id.semenov, 'name');
test('by the start of a rare name', findsFirst, ['щерба'], id.shcherbakov, 'name');
test('with a typo', findsFirst, ['ивонов иван', 'ивановв'], id.ivanov, 'name');
test('with a typo in a rare name', findsFirst, ['щербакав', 'шербаков'], id.shcherbakov, 'name');
test('transliterated', findsFirst, ['ivanov ivan', 'Ivanov Ivan Petrovich'], id.ivanov, 'name');
test('transliterated, any scheme', findsFirst, ['semenov', 'Semyonov', 'semjonov'], id.semenov, 'name');
test('transliterated щ', findsFirst, ['shcherbakov', 'scherbakov'], id.shcherbakov, 'name');
test('typed on the wrong layout', findsFirst, ['bdfyjd bdfy', 'Bdfyjd bdfy'], id.ivanov, 'name');
test('a Latin name typed on the wrong layout', findsFirst, ['ыьшер', 'Smith'], id.smith, 'name');
test(
  'by several words of name, position and department',
  findsFirst,
  ['иванов бухгалтерия', 'иван петрович'],
  id.ivanov,
  'name',
);
test(
  'by a phone in any format',
  findsFirst,
  ['+7 (916) 123-45-67', '8 916 123 45 67', '89161234567', '9161234567'],
  id.ivanov,
  'phone',
);
test('by the last digits of a phone', findsFirst, ['4567', '23-45-67', '700-10-01'], id.ivanov, 'phone');
test('by the last digits of another phone', findsFirst, ['1212'], id.ivanova, 'phone');
test('by extension', findsFirst, ['2301'], id.ivanov, 'extension');
test('by host name, whole or in part', findsFirst, ['ws-buh-01', 'WS-BUH-01', 'buh'], id.ivanov, 'hostname');
test('by IP address, whole or its start', findsFirst, ['10.0.2.7', '10.0.2.'], id.semenov, 'ip');
test('by IPv6 address', findsFirst, ['FE80::12'], id.ivanova, 'ip');

test('by department name: its people, active ones by name, a dismissed one last', async (t) => {
  const hits = await t.context.search.search('склад', { limit: 50 });
  t.true(hits.length >= 3);
  t.true(hits.every((h) => h.employee.departmentName === 'Склад' && h.matchedBy === 'department'));
  t.is(hits.at(-1)?.employee.employeeId, id.dismissedIvanov);
  const active = hits.slice(0, -1).map((h) => h.employee.fullName ?? '');
  t.deepEqual(
    active,
    [...active].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
});

test('a department named word for word, with other separators, lists it page by page', async (t) => {
  const all = await t.context.search.search('ит служба', { limit: 50 });
  t.true(all.length >= 2);
  t.true(all.every((h) => h.employee.departmentName === 'ИТ-служба' && h.matchedBy === 'department'));
  const second = await t.context.search.search('ИТ-СЛУЖБА', { limit: 1, offset: 1 });
  t.deepEqual(
    second.map((h) => h.employee.employeeId),
    [all[1]?.employee.employeeId],
  );
  t.deepEqual(await t.context.search.search('ит-служба', { limit: 10, offset: all.length }), []);
});

test('an active namesake ranks above a dismissed one', async (t) => {
  const hits = await t.context.search.search('иванов иван');
  t.deepEqual(
    hits.slice(0, 2).map((h) => h.employee.employeeId),
    [id.ivanov, id.dismissedIvanov],
  );
  t.is(hits[1]?.employee.status, 'dismissed');
});

test('answers each hit with its department and workstations', async (t) => {
  const [hit] = await t.context.search.search('ws-buh-01');
  t.like(hit?.employee, {
    departmentName: 'Бухгалтерия',
    extension: '2301',
    status: 'active',
    forgotten: false,
  });
  t.deepEqual(hit?.employee.workstations, [
    { workstationId: fixtureId('f', 1), hostname: 'ws-buh-01', ip: '10.0.1.15', inventoryNumber: null },
  ]);
  t.is(hit?.score, 2);
});

test('never finds a forgotten person, by name or phone', async (t) => {
  t.deepEqual(await t.context.search.search('Уникальнов'), []);
  t.deepEqual(await t.context.search.search('+7 900 999-88-77'), []);
});

test('finds nothing for an empty query or nonsense', async (t) => {
  t.deepEqual(await t.context.search.search('   '), []);
  t.deepEqual(await t.context.search.search('zzzzqqqq'), []);
});

test('bounds the page size and pages with an offset', async (t) => {
  const all = await t.context.search.search('специалист', { limit: 1000 });
  t.is(all.length, fillers.length);
  const page = await t.context.search.search('специалист', { limit: 5, offset: 5 });
  t.deepEqual(
    page.map((h) => h.employee.employeeId),
    all.slice(5, 10).map((h) => h.employee.employeeId),
  );
  const capped = await t.context.search.search('специалист', { limit: 10_000 });
  t.true(capped.length <= 50);
});

test('survives a query of any length and any characters', async (t) => {
  await t.notThrowsAsync(t.context.search.search(`иванов ${'%_\\\'"'.repeat(100)}`));
  await t.notThrowsAsync(t.context.search.search('ы'.repeat(10_000)));
});

test('whois finds who sits at a host name or an IP', async (t) => {
  const byHost = await t.context.search.whois('WS-IT-07');
  t.deepEqual(
    byHost.map((e) => e.employeeId),
    [id.semenov],
  );
  const byIp = await t.context.search.whois('10.0.1.15');
  t.deepEqual(
    byIp.map((e) => e.employeeId),
    [id.ivanov],
  );
  t.deepEqual(await t.context.search.whois('ws-nowhere'), []);
});

test("lists a department's active people by name", async (t) => {
  const list = await t.context.search.listByDepartment(departments.warehouse, { limit: 50 });
  t.true(list.length > 0);
  t.false(list.some((e) => e.employeeId === id.dismissedIvanov));
  const names = list.map((e) => e.fullName ?? '');
  t.deepEqual(
    names,
    [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
  );
});

test('gets one employee with workstations; a forgotten one shows no personal data', async (t) => {
  const semenov = await t.context.search.getById(id.semenov);
  t.like(semenov, { fullName: 'Семёнов Пётр Алексеевич', departmentName: 'ИТ-служба' });
  t.is(semenov?.workstations[0]?.hostname, 'ws-it-07');
  const forgotten = await t.context.search.getById(id.forgotten);
  t.like(forgotten, { fullName: null, mobilePhone: null, forgotten: true, departmentName: 'Бухгалтерия' });
  t.is(await t.context.search.getById('not-a-uuid'), null);
});
