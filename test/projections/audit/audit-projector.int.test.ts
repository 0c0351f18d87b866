import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import { auditProjector } from '../../../projections/audit/index.ts';
import { liveTables, rebuildTables } from '../../../projections/index.ts';
import { numbered, testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec, rolledBack } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase();
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const audit = (t: ExecutionContext<Context>) => projectorSpec(auditProjector, t.context.database)(t);

const ivan: EventMetadata = {
  ...testMetadata,
  actor: { kind: 'telegram', id: '123456789', name: 'Иван Петров' },
  source: 'telegram',
  occurredAt: '2026-11-24T12:05:00.000Z',
};

test('writes one row per event: its place in the log and its metadata, never its data', async (t) => {
  const log = recordedLog();
  const events = [
    ...log.append('test-123', [
      {
        type: 'Counted',
        data: { n: 1 },
        metadata: testMetadata,
        eventId: 'e0000000-0000-4000-8000-000000000001',
      },
    ]),
    ...log.append('test-123', [
      {
        type: 'Renamed',
        data: { name: 'Склад №2' },
        metadata: ivan,
        eventId: 'e0000000-0000-4000-8000-000000000002',
        schemaVersion: 2,
      },
    ]),
  ];
  const common = {
    stream_id: 'test-123',
    correlation_id: testMetadata.correlationId,
    causation_id: testMetadata.causationId,
    reason: null,
  };

  await audit(t)
    .given(events)
    .thenRows('select * from core.audit_log order by position', [
      {
        ...common,
        position: '1',
        transaction_id: '1000',
        event_id: 'e0000000-0000-4000-8000-000000000001',
        event_type: 'Counted',
        schema_version: 1,
        revision: '0',
        occurred_at: new Date('2026-11-24T12:00:00.000Z'),
        recorded_at: new Date('2026-11-24T12:00:00.000Z'),
        actor_kind: 'cli',
        actor_id: 'tester',
        actor_name: 'Test Runner',
        source: 'test',
        summary: 'Counted on test-123 by Test Runner',
      },
      {
        ...common,
        position: '2',
        transaction_id: '1001',
        event_id: 'e0000000-0000-4000-8000-000000000002',
        event_type: 'Renamed',
        schema_version: 2,
        revision: '1',
        occurred_at: new Date('2026-11-24T12:05:00.000Z'),
        recorded_at: new Date('2026-11-24T12:05:00.000Z'),
        actor_kind: 'telegram',
        actor_id: '123456789',
        actor_name: null,
        source: 'telegram',
        summary: 'Renamed on test-123 by telegram:123456789',
      },
    ]);
});

test('lands a batch of 1,000 events in one statement', async (t) => {
  const given = audit(t).given(recordedLog().append('test-bulk', numbered(1000)));
  await given.thenStatements(1);
  await given.thenRows(
    'select count(*)::int as rows, min(position)::int as first, max(position)::int as last from core.audit_log',
    [{ rows: 1000, first: 1, last: 1000 }],
  );
});

test('fails on a position applied before: the runner applies each event once', async (t) => {
  const events = recordedLog().append('test-123', numbered(3));
  await audit(t)
    .given(events)
    .when(events.slice(2))
    .thenThrows({ code: '23505', message: /audit_log_pkey/ });
});

test('appends the reason to the summary', async (t) => {
  const metadata = { ...testMetadata, reason: 'квартальная сверка' };
  await audit(t)
    .given(recordedLog().append('test-123', [{ type: 'Counted', data: {}, metadata }]))
    .thenRows('select reason, summary from core.audit_log', [
      { reason: 'квартальная сверка', summary: 'Counted on test-123 by Test Runner: квартальная сверка' },
    ]);
});

test('cuts a summary to 300 characters', async (t) => {
  const metadata = { ...testMetadata, reason: 'я'.repeat(500) };
  await audit(t)
    .given(recordedLog().append('test-123', [{ type: 'Counted', data: {}, metadata }]))
    .thenRows('select char_length(summary) as length, right(summary, 1) as last from core.audit_log', [
      { length: 300, last: '…' },
    ]);
});

test('builds rebuild tables beside the live ones, indexes and all', async (t) => {
  const events = recordedLog().append('test-123', numbered(2));
  const live = liveTables(auditProjector);
  const rebuild = rebuildTables(auditProjector);
  await rolledBack(t.context.database, async (trx) => {
    await auditProjector.createTables(trx, live);
    await auditProjector.createIndexes?.(trx, live);
    await auditProjector.createTables(trx, rebuild);
    await auditProjector.createIndexes?.(trx, rebuild);
    await auditProjector.apply(events, trx, live);
    await auditProjector.apply(events, trx, rebuild);

    const { rows } = await trx.query(
      `select tablename as table, count(*)::int as indexes from pg_indexes
       where schemaname = 'core' and tablename in ($1, $2) group by tablename order by tablename`,
      [live.rawName('audit_log'), rebuild.rawName('audit_log')],
    );
    t.deepEqual(rows, [
      { table: 'audit_log', indexes: 6 },
      { table: 'audit_log__rebuild', indexes: 6 },
    ]);
    const counts = await trx.query(
      `select (select count(*)::int from ${live.table('audit_log')}) as live,
              (select count(*)::int from ${rebuild.table('audit_log')}) as rebuild`,
    );
    t.deepEqual(counts.rows, [{ live: 2, rebuild: 2 }]);
  });
});
