import anyTest, { type TestFn } from 'ava';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { eventually } from '../../../support/eventually.ts';
import { type ServedApi, adminToken, startServedApi } from '../../../support/served-api.ts';
import { runTbot } from '../../../support/tbot-process.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';

// A tampered event in the log of a running `tbot serve`: the projections that read it park on it, the operator
// sees it in `tbot projections status`, skips it with `tbot projections skip`, and the record of the skip
// names the failure without any message that could hold the event's data.
interface Context {
  api: ServedApi;
  admin: string;
  raw: PostgresEventStore;
}
const test = anyTest.serial as TestFn<Context>;

interface StatusJson {
  projections: {
    name: string;
    state: string;
    parked: { position: number; eventType: string; error: string } | null;
  }[];
}

const SUMMARY =
  'UnreadableEventError EVENT_STORE.UNREADABLE_EVENT (cause: PersonalDataDecryptionError PERSONAL_DATA.UNDECRYPTABLE)';

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await adminToken(t);
  const { pool, url } = t.context.api.database;
  t.context.raw = createPostgresEventStore({ pool, url });
});
test.after.always(async (t) => {
  await t.context.raw?.close();
  await t.context.api?.stop();
});

test('an undecryptable event parks the employees projection, visibly; a skip moves past it', async (t) => {
  const { api, admin, raw } = t.context;
  const env = { DATABASE_URL: api.database.url, LOG_LEVEL: 'warn' };
  const created = await api.call('/employees', { token: admin, body: { fullName: 'Порченый Павел' } });
  t.is(created.status, 201);
  const { employeeId } = (await created.json()) as { employeeId: string };
  // Written past the codec, as a tampered row would read: a `pd1:` value that does not authenticate.
  const bad = 'pd1:' + 'A'.repeat(40);
  const appended = await raw.append(`employee-${employeeId}`, [
    {
      type: 'EmployeeDetailsChanged',
      data: { employeeId, changes: [{ field: 'fullName', from: bad, to: bad }] },
      metadata: testMetadata,
    },
  ]);
  const position = String(appended.position);

  const parked = await eventually(async () => {
    const { rows } = await api.database.pool.query<{ parked_position: string | null }>(
      `select parked_position from projections.checkpoints where name = 'employees'`,
    );
    return rows[0]?.parked_position ?? undefined;
  }, 30_000);
  t.is(parked, position, 'parked on the tampered event, not looping on it');

  const run = await runTbot(['projections', 'status', '--format', 'json'], env);
  t.is(run.code, 0, run.stderr);
  const employees = (JSON.parse(run.stdout) as StatusJson).projections.find((p) => p.name === 'employees');
  t.like(employees, {
    state: 'parked',
    parked: { position: Number(position), eventType: 'EmployeeDetailsChanged', error: SUMMARY },
  });
  const text = await runTbot(['projections', 'status'], env);
  t.regex(text.stdout, new RegExp(`employees is parked on event ${position} \\(EmployeeDetailsChanged\\)`));

  const skip = await runTbot(
    ['projections', 'skip', 'employees', '--position', position, '--reason', 'tampered row'],
    env,
  );
  t.is(skip.code, 0, skip.stderr);
  const { rows } = await api.database.pool.query<{ data: Record<string, unknown> }>(
    `select data from es.events where type = 'ProjectionEventSkipped'`,
  );
  t.deepEqual(rows[0]?.data, {
    projection: 'employees',
    position,
    eventType: 'EmployeeDetailsChanged',
    error: SUMMARY,
  });

  // Past it, the projection goes on: a new employee is found.
  const next = await api.call('/employees', { token: admin, body: { fullName: 'Следующий Сергей' } });
  t.is(next.status, 201);
  t.truthy(
    await eventually(async () => {
      const found = await api.call(`/employees/search?q=${encodeURIComponent('Следующий')}`, {
        token: admin,
      });
      const body = (await found.json()) as { items: unknown[] };
      return body.items.length > 0 || undefined;
    }, 30_000),
  );
});
