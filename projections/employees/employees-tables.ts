import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { quoteIdentifier } from '../../application/ports/projection-tables.ts';

/** The schema of the employees read model: the projector's tables live there, the queries read them there. */
export const EMPLOYEES_SCHEMA = 'employees';

export const DEPARTMENTS = 'departments';
export const EMPLOYEES = 'employees';
export const WORKSTATIONS = 'workstations';
/** Every distinct word of the employees' search text: the small table typo-tolerant matching runs over. */
export const WORDS = 'words';

/** The live tables as the queries name them (a rebuild writes beside them, then takes their names). */
export const DEPARTMENTS_TABLE = `${EMPLOYEES_SCHEMA}.${DEPARTMENTS}` as const;
export const EMPLOYEES_TABLE = `${EMPLOYEES_SCHEMA}.${EMPLOYEES}` as const;
export const WORKSTATIONS_TABLE = `${EMPLOYEES_SCHEMA}.${WORKSTATIONS}` as const;
export const WORDS_TABLE = `${EMPLOYEES_SCHEMA}.${WORDS}` as const;

/** A `timestamptz` row timestamp: read as a `Date`, written as the event's ISO time. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DepartmentsTable {
  id: string;
  name: string;
  parent_id: string | null;
  /** The projection writes `active` for an open department (the search SQL reads that word). */
  status: 'active' | 'closed';
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * One row per employee ever registered. Personal columns are null once the person is forgotten; the search
 * columns are generated from the row (`createEmployeesTables`).
 */
export interface EmployeesTable {
  id: string;
  department_id: string | null;
  /** The department's name, copied for the search text (a rename updates it). */
  department_name: string | null;
  full_name: string | null;
  position: string | null;
  work_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  email: string | null;
  room: string | null;
  notes: string | null;
  status: 'active' | 'dismissed';
  forgotten: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  search_text: GeneratedAlways<string>;
  search_words: GeneratedAlways<string[]>;
  name_text: GeneratedAlways<string>;
  phone_text: GeneratedAlways<string>;
}

export interface WorkstationsTable {
  id: string;
  /** Lower case, as the projection writes it. */
  hostname: string;
  ip: string | null;
  inventory_number: string | null;
  employee_id: string | null;
  status: 'active' | 'retired';
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WordsTable {
  word: string;
}

/**
 * The employees read model as its queries see it: `db.withTables<EmployeesDatabase>()`. A type, not an
 * interface: `withTables` takes a record, which an interface (no implicit index signature) is not.
 */
export type EmployeesDatabase = {
  [DEPARTMENTS_TABLE]: DepartmentsTable;
  [EMPLOYEES_TABLE]: EmployeesTable;
  [WORKSTATIONS_TABLE]: WorkstationsTable;
  [WORDS_TABLE]: WordsTable;
};

/**
 * SQL folding of text for search, the twin of `foldText` in application/employees/search: lower case, ё → е,
 * whitespace collapsed. Every function in it is immutable, so it can feed a generated column.
 */
export const folded = (expression: string) =>
  `btrim(regexp_replace(translate(lower(${expression}), 'ё', 'е'), '\\s+', ' ', 'g'))`;

/** The words of a text as the search splits it: folded, cut at anything not a letter or digit. */
export const wordsOf = (expression: string) =>
  `regexp_split_to_array(${folded(expression)}, '[^[:alnum:]]+')`;

/** Phone digits as the search compares them: the 10 national digits for a Russian number (8… and +7…). */
const phoneDigits = (column: string) =>
  `coalesce(regexp_replace(regexp_replace(${column}, '\\D', '', 'g'), '^[78](\\d{10})$', '\\1'), '')`;

/** What the search text is made of (a generated column cannot read another one, so it is spelled out). */
const SEARCHED = `coalesce(full_name, '') || ' ' || coalesce(position, '') || ' ' || coalesce(email, '') || ' ' ||
  coalesce(room, '') || ' ' || coalesce(department_name, '')`;

/**
 * Search columns are generated from the row itself: a department rename or a forgotten employee updates the
 * source columns and the search text follows, with no second copy of the rules to keep in step.
 */
export async function createEmployeesTables(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(DEPARTMENTS)} (
      id uuid primary key,
      name text not null,
      parent_id uuid,
      status text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(EMPLOYEES)} (
      id uuid primary key,
      department_id uuid,
      department_name text,
      full_name text,
      position text,
      work_phone text,
      mobile_phone text,
      extension text,
      email text,
      room text,
      notes text,
      status text not null,
      forgotten boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      search_text text generated always as (${folded(SEARCHED)}) stored,
      search_words text[] generated always as (${wordsOf(SEARCHED)}) stored,
      name_text text generated always as (${folded(`coalesce(full_name, '')`)}) stored,
      phone_text text generated always as (
        ' ' || ${phoneDigits('work_phone')} || ' ' || ${phoneDigits('mobile_phone')} || ' ' ||
        coalesce(extension, '') || ' '
      ) stored
    )`,
  );
  // Created with the table, not after a rebuild's load: keeping the lexicon exact looks words up in it on
  // every change, a rebuild's included.
  const wordsIndex = quoteIdentifier(`${tables.rawName(EMPLOYEES)}_search_words`);
  await trx.query(
    `create index if not exists ${wordsIndex} on ${tables.table(EMPLOYEES)} using gin (search_words)`,
  );
  await trx.query(`create table if not exists ${tables.table(WORDS)} (word text primary key)`);
  await trx.query(
    `create table if not exists ${tables.table(WORKSTATIONS)} (
      id uuid primary key,
      hostname text not null,
      ip text,
      inventory_number text,
      employee_id uuid,
      status text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
}

/** Index name suffix → table and definition. */
const indexes: readonly (readonly [string, string, string])[] = [
  [WORDS, 'trgm', 'using gin (word gin_trgm_ops)'],
  [WORDS, 'prefix', '(word text_pattern_ops)'],
  [EMPLOYEES, 'phone_trgm', 'using gin (phone_text gin_trgm_ops)'],
  [EMPLOYEES, 'extension', '(extension)'],
  [EMPLOYEES, 'department', '(department_id, name_text)'],
  [WORKSTATIONS, 'hostname_trgm', 'using gin (hostname gin_trgm_ops)'],
  [WORKSTATIONS, 'hostname', '(hostname text_pattern_ops)'],
  [WORKSTATIONS, 'ip', '(ip text_pattern_ops)'],
  [WORKSTATIONS, 'employee', '(employee_id)'],
];

export async function createEmployeesIndexes(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  for (const [table, suffix, definition] of indexes) {
    // Named after the physical table: a rebuild's `if not exists` must not find the live table's index.
    const index = quoteIdentifier(`${tables.rawName(table)}_${suffix}`);
    await trx.query(`create index if not exists ${index} on ${tables.table(table)} ${definition}`);
  }
}
