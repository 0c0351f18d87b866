import type { EmployeeSearch } from '../../application/employees/search/index.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import {
  type EmployeesDatabase,
  employeeSearch,
  employeesProjector,
} from '../../projections/employees/index.ts';
import { liveTables } from '../../projections/index.ts';
import {
  type DirectoryFixture,
  type FixtureAppend,
  type FixturePerson,
  directoryAppends,
  fixtureId,
} from './directory-fixture.ts';
import { testMetadata } from './event-fixtures.ts';
import { recordedLog } from './recorded-events.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

/** A test database holding a directory's employees read model, and the search over it. */
export interface SearchFixture {
  readonly database: TestDatabase;
  readonly search: EmployeeSearch;
}

export interface SearchFixtureOptions {
  /** When the directory was written (its events' `occurredAt`). */
  readonly occurredAt?: string;
  /** Appends after the directory's (a dismissal, a forget), projected with it. */
  readonly then?: readonly FixtureAppend[];
}

/**
 * The search tests' setup: a fresh database whose employees read model holds `fixture` (then `options.then`),
 * projected in one transaction with its indexes built after the rows, as a rebuild does, without an event
 * store. Call `database.drop()` in `test.after.always`; a failed projection drops it at once.
 */
export async function searchOverDirectory(
  fixture: DirectoryFixture,
  options: SearchFixtureOptions = {},
): Promise<SearchFixture> {
  const metadata =
    options.occurredAt === undefined ? testMetadata : { ...testMetadata, occurredAt: options.occurredAt };
  const log = recordedLog();
  const events: RecordedEvent[] = [...directoryAppends(fixture, metadata), ...(options.then ?? [])].flatMap(
    ({ streamId, events: appended }) => log.append(streamId, appended),
  );
  const database = await createTestDatabase({ poolMax: 4 });
  try {
    await projectEmployees(database, events);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return { database, search: employeeSearch(database.db.withTables<EmployeesDatabase>()) };
}

/** Applies `events` to a fresh employees read model in `database`, in one transaction, indexes built last. */
export async function projectEmployees(
  database: TestDatabase,
  events: readonly RecordedEvent[],
): Promise<void> {
  const client = await database.pool.connect();
  try {
    const tables = liveTables(employeesProjector);
    await client.query('begin');
    await employeesProjector.createTables(client, tables);
    await employeesProjector.apply(events, client, tables);
    await employeesProjector.createIndexes?.(client, tables);
    await client.query('commit');
  } finally {
    client.release();
  }
}

type Details = FixturePerson['details'];

/**
 * The ranking tests' office: Бухгалтерия (`fixtureId('d', 1)`) and ИТ-служба (`fixtureId('d', 2)`), the people
 * (by id) in one, then the other, in turn.
 */
export function twoDepartmentOffice(people: readonly (readonly [string, Details])[]): DirectoryFixture {
  const accounting = fixtureId('d', 1);
  const it = fixtureId('d', 2);
  return {
    departments: { [accounting]: 'Бухгалтерия', [it]: 'ИТ-служба' },
    people: people.map(([employeeId, details], i) => ({
      employeeId,
      departmentId: i % 2 ? it : accounting,
      details,
    })),
  };
}

/** Eight neighbours (ids `fixtureId('e', 100)` on): rows enough that being first is a property of the ranking. */
export const rankingNeighbours: readonly (readonly [string, Details])[] = [
  'Смирнов',
  'Кузнецов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Морозов',
  'Волков',
].map((surname, i) => [
  fixtureId('e', 100 + i),
  {
    fullName: `${surname} ${i % 2 ? 'Елена Игоревна' : 'Дмитрий Иванович'}`,
    position: 'Специалист',
    mobilePhone: `+7 (915) 000-${String(1000 + i)}`,
  },
]);
