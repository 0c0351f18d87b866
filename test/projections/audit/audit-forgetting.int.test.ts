import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { auditProjector } from '../../../projections/audit/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 2 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const audit = (t: ExecutionContext<Context>) => projectorSpec(auditProjector, t.context.database)(t);

const because = (reason: string) => ({ ...testMetadata, reason });

function history() {
  const log = recordedLog();
  const employee = log.append('employee-e1', [
    { type: 'EmployeeRegistered', data: {}, metadata: because('принят Сидоров П.') },
    { type: 'EmployeeDetailsChanged', data: {}, metadata: because('Сидоров сменил телефон') },
  ]);
  const neighbour = log.append('employee-e2', [
    { type: 'EmployeeRegistered', data: {}, metadata: because('принята Петрова') },
  ]);
  const forgotten = log.append('employee-e1', [
    { type: 'EmployeeForgotten', data: { employeeId: 'e1' }, metadata: because('заявление Сидорова') },
  ]);
  return { events: [...employee, ...neighbour], forgotten };
}

const ROWS =
  'select stream_id, event_type, actor_name, reason, summary from core.audit_log order by position';

const scrubbed = (eventType: string) => ({
  stream_id: 'employee-e1',
  event_type: eventType,
  actor_name: 'Test Runner',
  reason: null,
  summary: `${eventType} on employee-e1 by Test Runner (personal data forgotten)`,
});

const untouched = {
  stream_id: 'employee-e2',
  event_type: 'EmployeeRegistered',
  actor_name: 'Test Runner',
  reason: 'принята Петрова',
  summary: 'EmployeeRegistered on employee-e2 by Test Runner: принята Петрова',
};

test('scrubs the reason and summary of every row of a forgotten employee, and only theirs', async (t) => {
  const { events, forgotten } = history();
  await audit(t)
    .given(events)
    .when(forgotten)
    .thenRows(ROWS, [
      scrubbed('EmployeeRegistered'),
      scrubbed('EmployeeDetailsChanged'),
      untouched,
      scrubbed('EmployeeForgotten'),
    ]);
});

test('scrubs rows written in the same batch as the forgetting (a rebuild replays them so)', async (t) => {
  const { events, forgotten } = history();
  await audit(t)
    .given([...events, ...forgotten])
    .thenRows(ROWS, [
      scrubbed('EmployeeRegistered'),
      scrubbed('EmployeeDetailsChanged'),
      untouched,
      scrubbed('EmployeeForgotten'),
    ]);
});

test('keeps what the person did before being forgotten readable as facts', async (t) => {
  const { events, forgotten } = history();
  await audit(t)
    .given(events)
    .when(forgotten)
    .thenRows(
      `select count(*)::int as rows, count(*) filter (where summary ~ 'Сидоров|Петрова')::int as named
       from core.audit_log where stream_id = 'employee-e1'`,
      [{ rows: 3, named: 0 }],
    );
});
