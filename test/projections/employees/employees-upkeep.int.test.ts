import { randomUUID } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { DepartmentEvent, EmployeeEvent, WorkstationEvent } from '../../../domain/employees/index.ts';
import type { PostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import { employeesProjector, rebuildProjection, waitForProjection } from '../../../projections/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../../support/event-store-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { quickRunner } from '../../support/quick-runner.ts';
import type { TestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<ProjectionStoreContext>;
withProjectionStore(test, { poolMax: 8, pollIntervalMs: 100 });

test.before(async (t) => {
  // Reads the GIN pending lists (pgstatginindex).
  await t.context.database.pool.query('create extension if not exists pgstattuple');
});

const event = (e: DepartmentEvent | EmployeeEvent | WorkstationEvent): NewEvent => ({
  ...e,
  metadata: testMetadata,
});

/** A department of `count` people with a workstation each, in one transaction: an import's chunk. */
async function importDepartment(store: PostgresEventStore, count: number, offset = 0) {
  const departmentId = randomUUID();
  await store.append(`department-${departmentId}`, [
    event({ type: 'DepartmentCreated', data: { departmentId, name: `Отдел ${offset}`, parentId: null } }),
  ]);
  return store.appendMany(
    Array.from({ length: count }, (_, i) => {
      const employeeId = randomUUID();
      const n = offset + i;
      const details = {
        fullName: `Сотрудников${n} Иван Петрович`,
        position: 'инженер',
        workPhone: null,
        mobilePhone: `+7 916 000-${String(n).padStart(4, '0')}`,
        extension: String(1000 + n),
        email: `user${n}@corp.example`,
        room: String(100 + (n % 50)),
        notes: null,
      };
      const workstationId = randomUUID();
      return {
        streamId: `employee-${employeeId}`,
        expectedRevision: 'no_stream' as const,
        events: [
          event({ type: 'EmployeeRegistered', data: { employeeId, departmentId, details } }),
          event({
            type: 'WorkstationRegistered',
            data: {
              workstationId,
              employeeId,
              details: { hostname: `ws-${n}`, ip: `10.0.${n >> 8}.${n & 255}`, inventoryNumber: null },
            },
          }),
        ],
      };
    }),
  );
}

/** What the planner knows of the employees table, and what the GIN indexes still hold unsorted. */
async function plannerView(database: TestDatabase) {
  const { rows } = await database.pool.query<{ reltuples: number; columns: string; pending: string }>(
    `select c.reltuples,
       (select count(*) from pg_stats s where s.schemaname = 'employees' and s.tablename = 'employees') as columns,
       (select coalesce(sum(g.pending_tuples), 0) from pg_index i
          join pg_class ic on ic.oid = i.indexrelid join pg_am a on a.oid = ic.relam
          cross join pgstatginindex(i.indexrelid) g
          where a.amname = 'gin' and i.indrelid::regclass::text like 'employees.%') as pending
     from pg_class c where c.oid = 'employees.employees'::regclass`,
  );
  const row = rows[0];
  return { reltuples: row?.reltuples, columns: Number(row?.columns), pending: Number(row?.pending) };
}

test.serial(
  'after a live catch-up, the directory has planner statistics and no GIN pending list',
  async (t) => {
    const { database, store, projections } = t.context;
    await importDepartment(store, 40);
    const { logger, runner } = quickRunner(t.context, employeesProjector, {
      options: { batchSize: 20, catchUpEvents: 50, catchUpQuietMs: 100 },
    });
    await runner.start();
    t.teardown(() => runner.stop());

    t.true(
      await eventually(() => logger.lines.some((line) => /upkeep done/.test(line.message)), 15_000),
      'the runner ran the upkeep after the catch-up',
    );
    const view = await plannerView(database);
    t.is(view.reltuples, 40);
    t.true(view.columns > 0);
    t.is(view.pending, 0);

    // A few live changes afterwards go through the GIN pending lists again, until the next bulk or autovacuum.
    const { checkpoint } = await importDepartment(store, 2, 40);
    t.true(
      checkpoint !== null &&
        (await waitForProjection(projections, employeesProjector.name, checkpoint, 10_000)),
    );
    t.true((await plannerView(database)).pending > 0);
  },
);

test.serial('a rebuilt directory goes live with planner statistics', async (t) => {
  const { database, store, projections } = t.context;
  await importDepartment(store, 30, 100);
  await rebuildProjection({ projector: employeesProjector, eventStore: store, projectionStore: projections });

  const { rows } = await database.pool.query<{ count: number }>(
    'select count(*)::int from employees.employees',
  );
  const view = await plannerView(database);
  t.is(view.reltuples, rows[0]?.count);
  t.true(view.columns > 0);
  t.is(view.pending, 0);
});
