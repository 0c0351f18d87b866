import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import fc from 'fast-check';
import { type EmployeeCommands, makeEmployeeCommands } from '../../../application/employees/index.ts';
import { withPersonalDataProtection } from '../../../application/personal-data/index.ts';
import { type EventStore, randomIds } from '../../../application/ports/index.ts';
import { findControlCharacter, DomainError } from '../../../domain/shared/index.ts';
import {
  createPostgresEventStore,
  type PostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { makeSheetJsEmployeeSheetWriter } from '../../../infrastructure/excel/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { createPostgresProjectionStore } from '../../../infrastructure/projections/index.ts';
import { employeesProjector, type ProjectionStore, waitForProjection } from '../../../projections/index.ts';
import {
  type EmployeesDatabase,
  employeeSearch,
  employeesQueries,
} from '../../../projections/employees/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { quickRunner } from '../../support/quick-runner.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// Any text a person may send, through the real path of a name: the domain's check, the encrypting event store
// (where a NUL once hid from PostgreSQL), the employees projection, the search and the export. Whatever the text,
// it is refused with nothing written, or accepted and projected: the projection never parks (#12 point 3).
interface Context {
  database: TestDatabase;
  raw: PostgresEventStore;
  store: EventStore;
  projections: ProjectionStore;
  employees: EmployeeCommands;
  runner: ReturnType<typeof quickRunner>['runner'];
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

const masterKey = parseMasterKey('2c'.repeat(32));

test.before(async (t) => {
  if (!masterKey) throw new Error('the test master key does not parse');
  const database = await createTestDatabase({ poolMax: 6 });
  t.context.database = database;
  t.context.raw = createPostgresEventStore({ pool: database.pool, url: database.url, pollIntervalMs: 50 });
  const keys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  t.context.store = withPersonalDataProtection(t.context.raw, { keys });
  t.context.projections = createPostgresProjectionStore(database.pool);
  t.context.employees = makeEmployeeCommands({ store: t.context.store, ids: randomIds });
  const { runner } = quickRunner(
    { database, store: t.context.store as PostgresEventStore, projections: t.context.projections },
    employeesProjector,
  );
  t.context.runner = runner;
  await runner.start();
});

test.after.always(async (t) => {
  await t.context.runner?.stop();
  await t.context.raw?.close();
  await t.context.database?.drop();
});

/** The characters text goes wrong on, among any other code point. */
const TRICKY = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\t',
  '\n',
  '\r',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
];
const trickyChar = fc.oneof(
  { weight: 40, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  // Lone surrogates, and a decomposed letter (е + U+0308) that NFC composes.
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)) },
  { weight: 1, arbitrary: fc.constant('е\u0308') },
);
const anyText = fc.string({ unit: trickyChar, minLength: 1, maxLength: 16 });

const eventCount = async (t: T) =>
  Number((await t.context.database.pool.query<{ n: string }>('select count(*) n from es.events')).rows[0]?.n);

async function projected(t: T, checkpoint: Checkpoint): Promise<void> {
  if (!(await waitForProjection(t.context.projections, 'employees', checkpoint, 10_000))) {
    const state = await t.context.projections.read('employees');
    throw new Error(`the employees projection did not catch up: ${JSON.stringify(state?.parked)}`);
  }
}

const employeesDb = (t: T) => t.context.database.db.withTables<EmployeesDatabase>();

/** Reads what the directory shows every way an interface does; none may fail. */
async function readBack(t: T, query: string): Promise<void> {
  const search = employeeSearch(employeesDb(t));
  await search.search(query, { limit: 5 });
  await search.whois(query);
  const { rows, departments } = await employeesQueries(employeesDb(t)).exportEmployees();
  await makeSheetJsEmployeeSheetWriter().write(rows, departments);
}

const running = async (t: T) => (await t.context.projections.read('employees'))?.status;

/** One registration as an admin, an import or a bot would send it. */
const anyEmployee = fc.record({ fullName: anyText, position: anyText, notes: anyText });

test('any name, position and note is refused with nothing written, or projected, searched and exported', async (t) => {
  let accepted = 0;
  let refused = 0;
  // A run registers a batch, then reads it back once projected: the projection's catch-up (with its ANALYZE)
  // is paid per batch, so a few seconds cover a few hundred strings.
  await fc.assert(
    fc.asyncProperty(fc.array(anyEmployee, { minLength: 10, maxLength: 30 }), async (batch) => {
      const written: { employeeId: string; fullName: string }[] = [];
      let last: Checkpoint | null = null;
      for (const employee of batch) {
        const before = await eventCount(t);
        try {
          const result = await t.context.employees.register(employee, { metadata });
          written.push({ employeeId: result.employeeId, fullName: employee.fullName });
          last = result.checkpoint ?? last;
          accepted += 1;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused += 1;
          if ((await eventCount(t)) !== before) {
            throw new Error('a refused registration wrote an event', { cause: error });
          }
        }
      }
      if (last) await projected(t, last);
      if ((await running(t)) !== 'running') throw new Error('the employees projection parked');
      const search = employeeSearch(employeesDb(t));
      for (const { employeeId } of written) {
        const card = await search.getById(employeeId);
        if (!card?.fullName) throw new Error(`${employeeId} was not projected`);
        const stored = [card.fullName, card.position ?? '', card.notes ?? ''];
        // What was accepted is plain text in NFC: no control character beyond a note's tab and line breaks.
        if (findControlCharacter(card.fullName) || findControlCharacter(card.position ?? '')) {
          throw new Error(`accepted text with a control character: ${JSON.stringify(stored)}`);
        }
        if (findControlCharacter(card.notes ?? '', { multiline: true })) throw new Error('a note kept one');
        if (stored.some((text) => text !== text.normalize('NFC'))) throw new Error('text not in NFC');
      }
      for (const { fullName } of batch) await search.search(fullName, { limit: 5 });
      await readBack(t, batch[0]?.fullName ?? '');
    }),
    { numRuns: 6 },
  );
  t.is(await running(t), 'running');
  // The generator reaches both sides: the property says something about each.
  t.true(accepted > 20, `accepted ${accepted}`);
  t.true(refused > 20, `refused ${refused}`);
});

test('an event already in the log with a NUL or a lone surrogate is projected, searched and exported', async (t) => {
  const employeeId = 'e0000000-0000-4000-8000-00000000a000';
  const { checkpoint } = await t.context.store.append(
    `employee-${employeeId}`,
    [
      {
        type: 'EmployeeRegistered',
        data: {
          employeeId,
          departmentId: null,
          details: {
            fullName: 'Старов\u0000Олег',
            position: null,
            workPhone: null,
            mobilePhone: null,
            extension: null,
            email: 'o\u0000@corp.example',
            room: null,
            notes: 'x\ud800y',
          },
        },
        metadata,
      },
    ],
    { expectedRevision: 'no_stream' },
  );
  await projected(t, checkpoint);
  t.is(await running(t), 'running');
  const card = await employeeSearch(employeesDb(t)).getById(employeeId);
  t.is(card?.fullName, 'Старов\uFFFDОлег');
  t.is(card?.notes, 'x\uFFFDy');
  await readBack(t, 'Старов');
  t.pass();
});
