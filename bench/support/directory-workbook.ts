/**
 * A realistic employee workbook for bench/directory.ts, as a helpdesk keeps one: Russian names, about fifty
 * departments (some under a parent, listed on the departments sheet), phones typed every which way, e-mails
 * for most, a workstation with a host name for most and an IP for most of those, an extension for many, a few
 * people marked dismissed. Deterministic for a seed. Every row has an e-mail or a phone of its own, so no two
 * rows describe a new person the same way (which the import would hold back as ambiguous).
 */
import type { EmployeeSheetRecord, SheetDepartment } from '../../application/employees/employee-sheet.ts';
import { cyrillicToLatin, foldText } from '../../application/employees/search/index.ts';
import type { DirectorySample } from './directory-search-load.ts';
import { pick, russianFullName, seededRandom } from './russian-names.ts';

/** Top-level departments, each with the sub-departments listed under it on the departments sheet. */
const DEPARTMENT_TREE: readonly (readonly [string, readonly string[]])[] = [
  ['Бухгалтерия', ['Расчётный отдел', 'Отдел учёта основных средств', 'Группа налогового учёта']],
  ['Финансовый департамент', ['Казначейство', 'Планово-экономический отдел', 'Отдел финансового контроля']],
  ['Отдел кадров', ['Группа подбора персонала', 'Учебный центр']],
  ['Юридический отдел', ['Договорной отдел']],
  ['Служба безопасности', ['Бюро пропусков', 'Отдел экономической безопасности']],
  ['Коммерческий департамент', ['Отдел продаж', 'Отдел по работе с ключевыми клиентами', 'Тендерный отдел']],
  ['Маркетинг', ['Отдел рекламы', 'Аналитический отдел']],
  ['Департамент логистики', ['Склад № 1', 'Склад № 2', 'Транспортный цех', 'Диспетчерская']],
  ['ИТ-служба', ['Отдел сетевой инфраструктуры', 'Служба технической поддержки', 'Отдел разработки']],
  ['Закупки', ['Отдел снабжения']],
  ['Производство', ['Цех № 1', 'Цех № 2', 'Цех № 3', 'Ремонтно-механический цех', 'Отдел главного механика']],
  ['Отдел качества', ['Лаборатория']],
  ['Административно-хозяйственный отдел', ['Канцелярия', 'Приёмная', 'Архив']],
  ['Call-центр', []],
  ['Филиал Санкт-Петербург', []],
  ['Филиал Екатеринбург', []],
  ['Филиал Новосибирск', []],
];

const POSITIONS = [
  'бухгалтер',
  'главный бухгалтер',
  'инженер',
  'ведущий инженер',
  'инженер-программист',
  'системный администратор',
  'менеджер',
  'старший менеджер',
  'специалист',
  'ведущий специалист',
  'начальник отдела',
  'заместитель начальника отдела',
  'юрист',
  'кладовщик',
  'водитель',
  'экономист',
  'оператор',
  'секретарь',
  'аналитик',
  'мастер участка',
  'слесарь',
];

const NOTES = ['совместитель', 'декрет', 'удалённо', 'на испытательном сроке', 'пропуск № 2'];

export interface DirectoryWorkbookData {
  readonly rows: readonly EmployeeSheetRecord[];
  readonly departments: readonly SheetDepartment[];
  /** People whose row has a mobile phone, an extension, a host name and an IP: queries that must find them. */
  readonly samples: readonly DirectorySample[];
}

export interface DirectoryWorkbookOptions {
  readonly rows: number;
  readonly samples: number;
  readonly seed?: number;
  /**
   * The share of rows (0..1, default 0) that take the full name of an earlier row: namesakes in other
   * departments, with phones and e-mails of their own. At 0 the rows are those of a workbook without the option.
   */
  readonly namesakes?: number;
}

const digits = (random: () => number, count: number) =>
  Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');

/** A mobile number the way people type them: `+7 (916) 123-45-67`, `8-916-...`, `89161234567`, ... */
function mobilePhone(random: () => number): string {
  const [a, b, c, d] = [`9${digits(random, 2)}`, digits(random, 3), digits(random, 2), digits(random, 2)];
  return pick(random, [
    `+7 (${a}) ${b}-${c}-${d}`,
    `+7 (${a}) ${b}-${c}-${d}`,
    `8-${a}-${b}-${c}-${d}`,
    `8${a}${b}${c}${d}`,
    `+7${a}${b}${c}${d}`,
    `8 (${a}) ${b} ${c} ${d}`,
    `+7 ${a} ${b} ${c} ${d}`,
  ]);
}

/** A city number of one of the offices, sometimes without the country code. */
function workPhone(random: () => number): string {
  const code = pick(random, ['495', '495', '499', '812', '343', '383']);
  const [b, c, d] = [
    `${2 + Math.floor(random() * 7)}${digits(random, 2)}`,
    digits(random, 2),
    digits(random, 2),
  ];
  return pick(random, [`+7 (${code}) ${b}-${c}-${d}`, `(${code}) ${b}-${c}-${d}`, `8 ${code} ${b}${c}${d}`]);
}

function hostnameOf(random: () => number, i: number, departmentCode: number): string {
  const n = String(i).padStart(6, '0');
  return pick(random, [`ws-${n}`, `ws-${n}`, `pc${departmentCode}-${n}`, `nb-${n}`]);
}

/** `10.<site>.<x>.<y>`: one address per person, never a network or broadcast address. */
const ipOf = (i: number) =>
  `10.${20 + Math.floor(i / 64_516)}.${1 + (Math.floor(i / 254) % 254)}.${1 + (i % 254)}`;

function departmentList(): { departments: SheetDepartment[]; names: string[] } {
  const departments: SheetDepartment[] = [];
  for (const [parent, children] of DEPARTMENT_TREE) {
    departments.push({ name: parent, parent: null });
    for (const child of children) departments.push({ name: child, parent });
  }
  return { departments, names: departments.map((d) => d.name) };
}

/** `i.ivanov@corp.example`, with a number added when a namesake took it. */
function emailOf(fullName: string, surname: string, taken: Set<string>): string {
  const first = fullName.split(' ')[1] ?? '';
  const base = `${cyrillicToLatin(foldText(first)).slice(0, 1)}.${cyrillicToLatin(foldText(surname))}`;
  let email = `${base}@corp.example`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@corp.example`;
  taken.add(email);
  return email;
}

/** Generates the rows of the workbook, its departments sheet, and about `samples` people to search for. */
export function generateDirectoryWorkbook(options: DirectoryWorkbookOptions): DirectoryWorkbookData {
  const random = seededRandom(options.seed ?? 7);
  const { departments, names } = departmentList();
  // Some departments are much larger than others (a plant floor against a legal team).
  const weights = names.map(() => 0.2 + random() * random() * 4);
  const total = weights.reduce((a, b) => a + b, 0);
  const department = () => {
    let left = random() * total;
    for (const [index, weight] of weights.entries()) {
      left -= weight;
      if (left <= 0) return index;
    }
    return names.length - 1;
  };
  const emails = new Set<string>();
  const every = Math.max(1, Math.floor(options.rows / Math.max(1, options.samples)));
  const rows: EmployeeSheetRecord[] = [];
  const samples: DirectorySample[] = [];
  // A sample is taken every `every` rows: the first row from there on that has every key a query needs.
  let wanted = false;
  const namesakes = options.namesakes ?? 0;
  // A generator of its own, so that the main sequence (and so a workbook without namesakes) stays the same.
  const namesakeRandom = seededRandom((options.seed ?? 7) ^ 0x5eed);
  const people: { fullName: string; surname: string }[] = [];
  for (let i = 0; i < options.rows; i++) {
    if (i % every === 0) wanted = true;
    const generated = russianFullName(random);
    const { fullName, surname } =
      namesakes > 0 && people.length > 0 && namesakeRandom() < namesakes
        ? pick(namesakeRandom, people)
        : generated;
    if (namesakes > 0) people.push({ fullName, surname });
    const departmentIndex = department();
    const departmentName = names[departmentIndex] ?? null;
    const mobile = random() < 0.85 ? mobilePhone(random) : null;
    const extension = random() < 0.75 ? String(20_000 + i) : null;
    const email = random() < 0.9 ? emailOf(fullName, surname, emails) : null;
    const hostname = random() < 0.9 ? hostnameOf(random, i, departmentIndex) : null;
    const ip = hostname !== null && random() < 0.92 ? ipOf(i) : null;
    const dismissed = random() < 0.02;
    const note = random() < 0.05 ? pick(random, NOTES) : null;
    const room = random() < 0.8 ? String(100 + Math.floor(random() * 800)) : null;
    rows.push({
      fullName,
      position: pick(random, POSITIONS),
      department: departmentName,
      // A city number for those without a mobile, an e-mail or an extension: each row keeps a key of its own.
      workPhone:
        random() < 0.6 || (mobile === null && email === null && extension === null)
          ? workPhone(random)
          : null,
      mobilePhone: mobile,
      // Extensions are typed bare or marked (`доб. 21234`); the reader keeps the digits.
      extension: extension === null ? null : random() < 0.7 ? extension : `доб. ${extension}`,
      email,
      room,
      workstation: hostname === null ? null : random() < 0.1 ? hostname.toUpperCase() : hostname,
      ip,
      notes: dismissed ? 'уволен' : note,
      dismissed,
    });
    if (
      wanted &&
      samples.length < options.samples &&
      mobile !== null &&
      extension !== null &&
      hostname !== null &&
      ip !== null &&
      departmentName !== null &&
      !dismissed
    ) {
      samples.push({ surname, mobilePhone: mobile, extension, hostname, ip, department: departmentName });
      wanted = false;
    }
  }
  return { rows, departments, samples };
}
