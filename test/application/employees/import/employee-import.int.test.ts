import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import anyTest, { type TestFn } from 'ava';
import type { EmployeeSheetRecord } from '../../../../application/employees/index.ts';
import { type EmployeeImport, makeEmployeeImport } from '../../../../application/employees/import/index.ts';
import { randomIds } from '../../../../application/ports/index.ts';
import type { EventMetadata } from '../../../../domain/shared/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import {
  makeSheetJsEmployeeSheetReader,
  makeSheetJsEmployeeSheetWriter,
} from '../../../../infrastructure/excel/index.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';
import { workbookOf } from '../../../infrastructure/excel/workbook-fixtures.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

// The import on real PostgreSQL with the real workbook reader, over the company's sample workbook.
interface Context {
  database: TestDatabase;
  store: PostgresEventStore;
  imports: EmployeeImport;
}
const test = anyTest.serial as TestFn<Context>;

const SAMPLE = fileURLToPath(
  new URL('../../../../../shared/fixtures/employees-sample.xlsx', import.meta.url),
);
const writer = makeSheetJsEmployeeSheetWriter();
const metadata = (importId: string): EventMetadata => ({
  ...testMetadata,
  actor: { kind: 'import', id: 'test', name: 'test' },
  correlationId: importId,
  causationId: importId,
  source: 'import',
});

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
  const store = createPostgresEventStore({ pool: t.context.database.pool, url: t.context.database.url });
  t.context.store = store;
  t.context.imports = makeEmployeeImport({ store, reader: makeSheetJsEmployeeSheetReader(), ids: randomIds });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

const eventCount = async (t: { context: Context }) =>
  Number((await t.context.database.pool.query<{ n: string }>('select count(*) n from es.events')).rows[0]?.n);

test('a dry run of the sample reports what it would do and writes nothing', async (t) => {
  const report = await t.context.imports.run({
    file: await readFile(SAMPLE),
    dryRun: true,
    metadata: metadata('dry-1'),
  });
  t.is(report.counts.rows, 300);
  t.is(report.counts.new + report.counts.ambiguous + report.counts.errors, 300);
  t.true(report.counts.new >= 290, JSON.stringify(report.counts));
  t.is(report.counts.changed + report.counts.unchanged + report.counts.missing, 0);
  t.true(report.counts.departmentsCreated >= 10);
  t.true(report.counts.events > 300);
  t.true(report.skipped.some((s) => s.reason === 'duplicate'));
  t.is(report.checkpoint, null);
  t.is(await eventCount(t), 0);
});

test('imports the sample under one correlation id, and a re-import appends nothing', async (t) => {
  const file = await readFile(SAMPLE);
  const first = await t.context.imports.run({ file, dryRun: false, metadata: metadata('import-1') });
  const written = await eventCount(t);
  t.is(written, first.counts.events);
  const correlations = await t.context.database.pool.query<{ c: string }>(
    "select distinct metadata->>'correlationId' c from es.events",
  );
  t.deepEqual(
    correlations.rows.map((r) => r.c),
    ['import-1'],
  );
  const again = await t.context.imports.run({ file, dryRun: false, metadata: metadata('import-2') });
  t.is(again.counts.events, 0, JSON.stringify(again.rows.slice(0, 5)));
  t.is(again.counts.new, 0);
  t.is(again.counts.unchanged, first.counts.new);
  t.is(await eventCount(t), written);
});

test('a changed row changes only that employee, field by field; a missing one is reported', async (t) => {
  const reader = makeSheetJsEmployeeSheetReader();
  const sheet = await reader.read(await readFile(SAMPLE));
  const records: EmployeeSheetRecord[] = sheet.rows.map(({ row: _row, ...record }) => record);
  const target = records.findIndex((r) => r.email !== null && r.room !== null);
  const original = records[target];
  if (!original) throw new Error('the sample has nobody with an e-mail and a room');
  records[target] = { ...original, room: '999б' };
  const gone = records.pop();
  const file = await writer.write(records, sheet.departments);
  const report = await t.context.imports.run({ file, dryRun: false, metadata: metadata('import-3') });
  t.is(report.counts.changed, 1);
  t.deepEqual(report.rows.find((r) => r.outcome === 'changed')?.changes, ['room']);
  t.is(report.counts.events, 1);
  t.true(report.missing.some((m) => m.fullName === gone?.fullName));
});

test('a row with a control character (a cell with _x0000_) is a row error; the other rows import (#12 point 3)', async (t) => {
  const before = await eventCount(t);
  const file = workbookOf([
    ['ФИО', 'Отдел', 'Должность', 'Примечание'],
    ['Кузьмин_x0000_Олег', 'Склад №7', 'Кладовщик', null], // SheetJS reads `_x0000_` as a NUL
    ['Лаптев Игорь', 'Склад №7', 'Грузчик\u001b[2J', null],
    ['Носов Пётр', 'Склад №7', 'Водитель', 'смена\nночная'],
  ]);
  const report = await t.context.imports.run({ file, dryRun: false, metadata: metadata('import-nul') });
  t.deepEqual(
    report.issues.map((issue) => [issue.row, issue.column, issue.code]),
    [
      [2, 'fullName', 'ROW.CONTROL_CHARACTER'],
      [3, 'position', 'ROW.CONTROL_CHARACTER'],
    ],
  );
  t.regex(report.issues[0]?.message ?? '', /U\+0000/);
  t.is(report.counts.new, 1);
  t.deepEqual(
    report.rows.filter((row) => row.outcome === 'new').map((row) => row.fullName),
    ['Носов Пётр'],
  );
  t.is(await eventCount(t), before + report.counts.events);
  const { rows } = await t.context.database.pool.query<{ n: string }>(
    "select count(*) n from es.events where data::text like '%\\u0000%' or data::text like '%\u001b%'",
  );
  t.is(rows[0]?.n, '0');
});
