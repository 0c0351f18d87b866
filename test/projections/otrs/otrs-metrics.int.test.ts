import anyTest, { type TestFn } from 'ava';
import type { RecordedEvent } from '../../../application/ports/index.ts';
import { liveTables } from '../../../projections/index.ts';
import {
  type OtrsDatabase,
  type OtrsMetricsDatabase,
  type OtrsMetricsQueries,
  otrsMetricsProjector,
  otrsMetricsQueries,
  otrsProjector,
} from '../../../projections/otrs/index.ts';
import { otrsEvent, otrsTime as time, ticketOpened } from '../../support/otrs-read-model-fixture.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  queries: OtrsMetricsQueries;
}

const test = anyTest as TestFn<Context>;

const succeeded = (ticketId: number, kind: 'take' | 'note' | 'close', n: number) => ({
  type: 'TicketActionSucceeded',
  data: { ticketId, actionId: `${ticketId}-${kind}-${n}`, kind, requestedBy: 42 },
});
const owner = (ticketId: number, to: number, minute: number) => ({
  type: 'TicketOwnerChanged',
  data: { ticketId, from: null, to, changed: time(minute) },
});
const locked = (ticketId: number, minute: number) => ({
  type: 'TicketLockChanged',
  data: { ticketId, from: 'unlock', to: 'lock', changed: time(minute) },
});
const closed = (ticketId: number, minute: number) => ({
  type: 'TicketStateChanged',
  data: {
    ticketId,
    from: { state: 'open', stateType: 'open' },
    to: { state: 'closed successful', stateType: 'closed' },
    changed: time(minute),
  },
});

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.queries = otrsMetricsQueries(database.db.withTables<OtrsMetricsDatabase & OtrsDatabase>());
  const log = recordedLog();
  const on = (stream: string, event: { type: string; data: object }, minute = 0): RecordedEvent[] =>
    log.append(stream, [otrsEvent(event, time(minute))]);
  const ticket =
    (id: number) =>
    (event: { type: string; data: object }, minute = 0) =>
      on(`otrs-ticket-${id}`, event, minute);
  const events = [
    ...on('otrs-agent-3', { type: 'OtrsAgentSeen', data: { agentId: 3, login: 'ivanov' } }),
    ...on('otrs-agent-9', { type: 'OtrsAgentSeen', data: { agentId: 9, login: 'sidorov' } }),
    ...on('otrs-agent-link-42', { type: 'OtrsAgentLinked', data: { telegramUserId: 42, login: 'Ivanov' } }),
    // 1: taken through TBot at 09:10 (OTRS shows it a minute later), closed through TBot at 09:30.
    ...ticket(1)(ticketOpened(1)),
    ...ticket(1)(succeeded(1, 'take', 1), 10),
    ...ticket(1)(owner(1, 3, 11), 11),
    ...ticket(1)(locked(1, 11), 11),
    ...ticket(1)(succeeded(1, 'note', 1), 12),
    ...ticket(1)(succeeded(1, 'note', 2), 13),
    ...ticket(1)(succeeded(1, 'close', 1), 30),
    ...ticket(1)(closed(1, 31), 31),
    // 2: taken in OTRS by agent 3 at 09:05 (owner, then lock), closed in OTRS at 09:20.
    ...ticket(2)(ticketOpened(2)),
    ...ticket(2)(owner(2, 3, 5), 5),
    ...ticket(2)(locked(2, 5), 5),
    ...ticket(2)(closed(2, 20), 20),
    // 3: owner set without a lock is no take; agent 9 locks it at 09:02.
    ...ticket(3)(ticketOpened(3)),
    ...ticket(3)(owner(3, 9, 1), 1),
    ...ticket(3)(locked(3, 2), 2),
    // 4: first seen closed: nothing to time.
    ...ticket(4)(ticketOpened(4, { state: { state: 'closed', stateType: 'closed' }, ownerId: 9 })),
  ];
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    for (const projector of [otrsProjector, otrsMetricsProjector]) {
      const tables = liveTables(projector);
      await projector.createTables(client, tables);
      const read = events.filter((event) => projector.eventTypes.includes(event.type));
      await projector.apply(read, client, tables);
    }
    await client.query('commit');
  } finally {
    client.release();
  }
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const day = { from: new Date('2026-12-04T00:00:00Z'), to: new Date('2026-12-05T00:00:00Z') };

test('per agent: actions by kind and day, time to take and to close, whether through TBot or OTRS', async (t) => {
  const metrics = await t.context.queries.agentMetrics(day);
  t.deepEqual(metrics, [
    {
      agentId: 3,
      telegramUserId: 42,
      login: 'ivanov',
      actions: { take: 1, note: 2, reassign: 0, close: 1 },
      actionsByDay: [{ day: '2026-12-04', take: 1, note: 2, reassign: 0, close: 1 }],
      // 10 and 5 minutes; 30 and 20 minutes.
      timeToTake: { count: 2, averageSeconds: 450, maxSeconds: 600 },
      timeToClose: { count: 2, averageSeconds: 1500, maxSeconds: 1800 },
    },
    {
      agentId: 9,
      telegramUserId: null,
      login: 'sidorov',
      actions: { take: 0, note: 0, reassign: 0, close: 0 },
      actionsByDay: [],
      timeToTake: { count: 1, averageSeconds: 120, maxSeconds: 120 },
      timeToClose: { count: 0, averageSeconds: null, maxSeconds: null },
    },
  ]);
});

test('a range without anything has no agents; a Telegram user with nothing has zeros', async (t) => {
  const next = { from: day.to, to: new Date('2026-12-06T00:00:00Z') };
  t.deepEqual(await t.context.queries.agentMetrics(next), []);
  t.like(await t.context.queries.metricsOfTelegramUser(42, next), {
    telegramUserId: 42,
    actions: { take: 0, note: 0, reassign: 0, close: 0 },
    timeToTake: { count: 0, averageSeconds: null },
  });
  t.like(await t.context.queries.metricsOfTelegramUser(42, day), {
    agentId: 3,
    timeToClose: { count: 2 },
  });
});
