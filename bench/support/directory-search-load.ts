/**
 * The directory search at scale, for bench/directory.ts (or alone: `npx tsx bench/support/directory-search-run.ts`):
 *   - fill: N employees (default 100,000) with departments and one workstation each, registered through the
 *     employees projector's own `apply` in batches (its throughput is reported), indexes built at the end as
 *     a rebuild does;
 *   - search: a mix of query kinds through `employeeSearch`, one at a time, p50/p99 per kind;
 *   - baseline: a bare pg_trgm query (one spelling, `%>` then order by `word_similarity`) on the same table.
 * Target: search p99 < 20 ms at 100,000 employees.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { RecordedEvent } from '../../application/ports/index.ts';
import {
  type EmployeeSearch,
  cyrillicLayoutToLatin,
  cyrillicToLatin,
  foldText,
} from '../../application/employees/search/index.ts';
import { benchMetadata } from './directory-event-metadata.ts';
import { employeesProjector } from '../../projections/employees/index.ts';
import { liveTables } from '../../projections/index.ts';
import { type Distribution, distribution } from './percentiles.ts';
import { pick, russianFullName, seededRandom } from './russian-names.ts';

const DEPARTMENT_NAMES = [
  'Бухгалтерия',
  'Отдел кадров',
  'Юридический отдел',
  'Служба безопасности',
  'Отдел продаж',
  'Склад',
  'Логистика',
  'Маркетинг',
  'ИТ-служба',
  'Закупки',
  'Производство',
  'Отдел качества',
  'Канцелярия',
  'Финансовый отдел',
  'Планово-экономический отдел',
  'Приёмная',
  'Call-центр',
  'Транспортный цех',
];
const POSITIONS = [
  'бухгалтер',
  'главный бухгалтер',
  'инженер',
  'ведущий инженер',
  'менеджер',
  'специалист',
  'начальник отдела',
  'юрист',
  'кладовщик',
  'водитель',
  'экономист',
  'оператор',
  'секретарь',
  'аналитик',
];

export interface DirectorySample {
  readonly surname: string;
  readonly mobilePhone: string;
  readonly extension: string;
  readonly hostname: string;
  readonly ip: string;
  readonly department: string;
}

export interface FillResult {
  readonly employees: number;
  readonly projectSeconds: number;
  readonly indexSeconds: number;
  readonly samples: readonly DirectorySample[];
}

const recorded = (type: string, data: object, n: number): RecordedEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: benchMetadata,
  schemaVersion: 1,
  streamId: type,
  revision: 0,
  position: BigInt(n),
  checkpoint: { transactionId: 1n, position: BigInt(n) },
  recordedAt: new Date(benchMetadata.occurredAt),
});

const phone = (random: () => number) => {
  const d = () => String(Math.floor(random() * 10));
  const [a, b, c, e] = [`9${d()}${d()}`, `${d()}${d()}${d()}`, `${d()}${d()}`, `${d()}${d()}`];
  const formats = [
    `+7 (${a}) ${b}-${c}-${e}`,
    `8-${a}-${b}-${c}-${e}`,
    `8${a}${b}${c}${e}`,
    `+7${a}${b}${c}${e}`,
  ];
  return pick(random, formats);
};

async function applyInTransaction(pool: pg.Pool, events: readonly RecordedEvent[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await employeesProjector.apply(events, client, liveTables(employeesProjector));
    await client.query('commit');
  } finally {
    client.release();
  }
}

/**
 * Registers `count` employees (one workstation each) through the projector's `apply` in batches of
 * `batchSize`, into the live tables of a fresh database, then builds the indexes and analyzes.
 */
export async function fillDirectory(pool: pg.Pool, count = 100_000, batchSize = 5_000): Promise<FillResult> {
  const random = seededRandom(42);
  const tables = liveTables(employeesProjector);
  const client = await pool.connect();
  try {
    await employeesProjector.createTables(client, tables);
  } finally {
    client.release();
  }
  const departments = DEPARTMENT_NAMES.map((name) => ({ id: randomUUID(), name }));
  let n = 0;
  await applyInTransaction(
    pool,
    departments.map((d) =>
      recorded('DepartmentCreated', { departmentId: d.id, name: d.name, parentId: null }, ++n),
    ),
  );
  const samples: DirectorySample[] = [];
  const started = performance.now();
  for (let from = 0; from < count; from += batchSize) {
    const employees: RecordedEvent[] = [];
    const workstations: RecordedEvent[] = [];
    for (let i = from; i < Math.min(count, from + batchSize); i++) {
      const employeeId = randomUUID();
      const department = pick(random, departments);
      const { fullName, surname } = russianFullName(random);
      const mobilePhone = phone(random);
      const extension = String(10_000 + i);
      const hostname = `ws-${String(i).padStart(6, '0')}`;
      const ip = `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
      const email = `${cyrillicToLatin(foldText(surname))}.${i}@corp.example`;
      const details = {
        fullName,
        position: pick(random, POSITIONS),
        workPhone: `+7 (495) 555-${String(i % 10_000).padStart(4, '0')}`,
        mobilePhone,
        extension,
        email,
        room: String(100 + (i % 700)),
        notes: null,
      };
      employees.push(
        recorded('EmployeeRegistered', { employeeId, departmentId: department.id, details }, ++n),
      );
      workstations.push(
        recorded(
          'WorkstationRegistered',
          { workstationId: randomUUID(), employeeId, details: { hostname, ip, inventoryNumber: `INV-${i}` } },
          ++n,
        ),
      );
      if (i % 997 === 0)
        samples.push({ surname, mobilePhone, extension, hostname, ip, department: department.name });
    }
    await applyInTransaction(pool, [...employees, ...workstations]);
  }
  const projectSeconds = (performance.now() - started) / 1000;
  const indexing = performance.now();
  const indexClient = await pool.connect();
  try {
    await employeesProjector.createIndexes?.(indexClient, tables);
    await indexClient.query('analyze employees.employees; analyze employees.workstations');
  } finally {
    indexClient.release();
  }
  return { employees: count, projectSeconds, indexSeconds: (performance.now() - indexing) / 1000, samples };
}

/** One wrong letter in the middle of a word: a typo the trigram search must forgive. */
const typo = (word: string) => {
  const i = Math.floor(word.length / 2);
  const swap = word[i] === 'о' ? 'а' : 'о';
  return word.slice(0, i) + swap + word.slice(i + 1);
};

/** Query kind → a query typed for one sample. */
export const QUERY_KINDS: Readonly<Record<string, (s: DirectorySample) => string>> = {
  surname: (s) => s.surname,
  'surname lower': (s) => s.surname.toLowerCase(),
  partial: (s) => s.surname.slice(0, 5),
  typo: (s) => typo(foldText(s.surname)),
  translit: (s) => cyrillicToLatin(foldText(s.surname)),
  'wrong layout': (s) => cyrillicLayoutToLatin(foldText(s.surname)),
  'full name': (s) => `${s.surname} ${s.department}`,
  'phone as typed': (s) => s.mobilePhone,
  'last 4 digits': (s) => s.mobilePhone.replace(/\D/g, '').slice(-4),
  extension: (s) => s.extension,
  hostname: (s) => s.hostname,
  'hostname start': (s) => s.hostname.slice(0, 7),
  ip: (s) => s.ip,
  department: (s) => s.department,
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** p50/p99 per query kind and over all, `rounds` passes over the samples, one query at a time. */
export async function measureDirectorySearch(
  search: EmployeeSearch,
  samples: readonly DirectorySample[],
  rounds = 2,
): Promise<Map<string, Distribution>> {
  const all: number[] = [];
  const result = new Map<string, Distribution>();
  for (const [kind, typed] of Object.entries(QUERY_KINDS)) {
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const sample of samples)
        times.push(await timed(() => search.search(typed(sample), { limit: 10 })));
    }
    all.push(...times);
    result.set(kind, distribution(times));
  }
  result.set('all', distribution(all));
  return result;
}

const BASELINE_SQL = `select id from employees.employees where search_text %> $1
  order by word_similarity($1, search_text) desc limit 10`;

/** The threshold the bare query needs to forgive one wrong letter in a six-letter surname. */
const BASELINE_THRESHOLD = 0.5;

/**
 * The textbook pg_trgm query on the same table (a GIN trigram index over the whole search text, `%>` then
 * order by `word_similarity`), one spelling: what a search without the lexicon would cost.
 */
export async function measureTrigramBaseline(
  pool: pg.Pool,
  samples: readonly DirectorySample[],
  rounds = 2,
): Promise<Distribution> {
  const client = await pool.connect();
  try {
    await client.query(
      'create index if not exists employees_search_text_trgm on employees.employees using gin (search_text gin_trgm_ops)',
    );
    await client.query('analyze employees.employees');
    await client.query(`set pg_trgm.word_similarity_threshold = ${BASELINE_THRESHOLD}`);
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const s of samples)
        times.push(await timed(() => client.query(BASELINE_SQL, [foldText(s.surname)])));
    }
    return distribution(times);
  } finally {
    await client.query('reset pg_trgm.word_similarity_threshold');
    client.release();
  }
}
