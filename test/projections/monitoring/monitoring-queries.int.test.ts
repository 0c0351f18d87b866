import anyTest, { type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { CheckSpec, CheckStateEvent, MonitoringEvent } from '../../../domain/monitoring/index.ts';
import { type ActorNamesDatabase, liveTables } from '../../../projections/index.ts';
import {
  type MonitoringDatabase,
  type MonitoringQueries,
  monitoringProjector,
  monitoringQueries,
} from '../../../projections/monitoring/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  queries: MonitoringQueries;
}

const test = anyTest as TestFn<Context>;

const uuid = (prefix: string, n: number) => `${prefix}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const databases = uuid('a', 1);
const empty = uuid('a', 2);
const db1 = uuid('b', 1);
const db2 = uuid('b', 2);
const gone = uuid('b', 3);
const time = (minute: number) => `2026-12-03T07:${String(minute).padStart(2, '0')}:00.000Z`;
const timing = {
  intervalSeconds: 60,
  timeoutSeconds: 10,
  retries: 0,
  retryIntervalSeconds: 60,
  resendIntervalSeconds: 0,
};
const tcp = (n: number): CheckSpec => ({
  checkId: uuid('c', n),
  definition: { kind: 'tcp', host: 'db.corp.example', port: 5432 },
  timing,
});
const push = (n: number): CheckSpec => ({
  checkId: uuid('c', n),
  definition: { kind: 'push', tokenDigest: 'ab'.repeat(32) },
  timing,
});

const event = (e: MonitoringEvent, minute = 0): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: time(minute) },
});

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  // The clock of open incidents' durations: ten minutes past the hour.
  t.context.queries = monitoringQueries(
    database.db.withTables<MonitoringDatabase & ActorNamesDatabase>(),
    () => new Date(time(10)),
  );
  const log = recordedLog();
  const on = (stream: string, e: MonitoringEvent, minute = 0) => log.append(stream, [event(e, minute)]);
  const registered = (serverId: string, name: string, checks: CheckSpec[]) =>
    on(`monitoring-server-${serverId}`, {
      type: 'ServerRegistered',
      data: { serverId, name, host: 'db.corp.example', groupId: databases, parentId: null, checks },
    });
  const state = (e: CheckStateEvent, minute: number) => on(`monitoring-check-${e.data.checkId}`, e, minute);
  const events = [
    ...on(`monitoring-group-${databases}`, {
      type: 'ServerGroupCreated',
      data: { groupId: databases, name: 'Базы', statusRule: { kind: 'atLeast', count: 1 } },
    }),
    ...on(`monitoring-group-${empty}`, {
      type: 'ServerGroupCreated',
      data: { groupId: empty, name: 'Пустая', statusRule: { kind: 'any' } },
    }),
    ...registered(db1, 'db1', [tcp(1), push(2)]),
    ...registered(db2, 'db2', [tcp(3)]),
    ...registered(gone, 'gone', [tcp(4)]),
    ...on(
      `monitoring-server-${gone}`,
      { type: 'ServerRemoved', data: { serverId: gone, checkIds: [uuid('c', 4)] } },
      1,
    ),
    ...state(
      {
        type: 'CheckWentUp',
        data: { checkId: uuid('c', 1), serverId: db1, slot: 1, at: time(1), from: 'unknown' },
      },
      1,
    ),
    ...state(
      {
        type: 'ServerWentDown',
        data: {
          checkId: uuid('c', 2),
          serverId: db1,
          slot: 2,
          at: time(2),
          incidentId: `${uuid('c', 2)}:2`,
          from: 'unknown',
          error: 'no heartbeat',
          failingSince: time(2),
          firstError: 'no heartbeat',
          parentDown: null,
        },
      },
      2,
    ),
    ...state(
      {
        type: 'CheckWentUp',
        data: { checkId: uuid('c', 3), serverId: db2, slot: 1, at: time(3), from: 'unknown' },
      },
      3,
    ),
  ];
  const client = await database.pool.connect();
  try {
    const tables = liveTables(monitoringProjector);
    await client.query('begin');
    await monitoringProjector.createTables(client, tables);
    await monitoringProjector.apply(events, client, tables);
    await monitoringProjector.createIndexes?.(client, tables);
    await client.query('commit');
  } finally {
    client.release();
  }
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

test('a server shows its worst check, since when; a push check hides its token digest', async (t) => {
  const server = await t.context.queries.getServer(db1);
  t.like(server, { name: 'db1', state: 'down', stateSince: time(2) });
  t.deepEqual(
    server?.checks.map((check) => check.definition),
    [{ kind: 'tcp', host: 'db.corp.example', port: 5432 }, { kind: 'push' }],
  );
  t.like(await t.context.queries.getServer(db2), { state: 'up', stateSince: time(3) });
});

test('lists the servers not removed, by name; a group counts them and is DOWN by its rule', async (t) => {
  const servers = await t.context.queries.listServers({ limit: 10, offset: 0 });
  t.deepEqual(
    servers.map((server) => server.name),
    ['db1', 'db2'],
  );
  const groups = await t.context.queries.listGroups();
  t.deepEqual(
    groups.map(({ name, servers: count, serversDown, down }) => ({ name, count, serversDown, down })),
    [
      { name: 'Базы', count: 2, serversDown: 1, down: true },
      { name: 'Пустая', count: 0, serversDown: 0, down: false },
    ],
  );
  t.is(await t.context.queries.countServers(databases), 2);
  t.is(await t.context.queries.countServers(empty), 0);
});

test('an open incident lasts until now; a filter of open ones finds it', async (t) => {
  const [incident] = await t.context.queries.listIncidents({ open: true, limit: 10, offset: 0 });
  t.like(incident, {
    incidentId: `${uuid('c', 2)}:2`,
    serverName: 'db1',
    firstError: 'no heartbeat',
    closedAt: null,
    acknowledgedBy: null,
    durationSeconds: 8 * 60,
  });
  t.deepEqual(await t.context.queries.listIncidents({ open: false, limit: 10, offset: 0 }), []);
  t.is(await t.context.queries.getServer('not-a-uuid'), null);
});
