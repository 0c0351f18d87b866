import anyTest, { type TestFn } from 'ava';
import type { RecordedEvent } from '../../../application/ports/index.ts';
import { liveTables } from '../../../projections/index.ts';
import {
  type OtrsDatabase,
  type OtrsQueries,
  otrsProjector,
  otrsQueries,
} from '../../../projections/otrs/index.ts';
import { otrsEvent, otrsTime as time, ticketOpened } from '../../support/otrs-read-model-fixture.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  queries: OtrsQueries;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.queries = otrsQueries(database.db.withTables<OtrsDatabase>());
  const log = recordedLog();
  const on = (stream: string, event: { type: string; data: object }, minute = 0): RecordedEvent[] =>
    log.append(stream, [otrsEvent(event, time(minute))]);
  const events = [
    // Five open tickets in Support created a minute apart (1..5), owner 3 on the even ones.
    ...[1, 2, 3, 4, 5].flatMap((n) =>
      on(`otrs-ticket-${n}`, ticketOpened(n, { created: time(n), ownerId: n % 2 === 0 ? 3 : null })),
    ),
    ...on(
      'otrs-ticket-6',
      ticketOpened(6, { queue: { id: 4, name: 'Hardware' }, state: { state: 'open', stateType: 'open' } }),
    ),
    ...on(
      'otrs-ticket-7',
      ticketOpened(7, { state: { state: 'closed successful', stateType: 'closed' }, ownerId: 3 }),
    ),
    ...on('otrs-agent-3', { type: 'OtrsAgentSeen', data: { agentId: 3, login: 'Ivanov' } }),
    ...on('otrs-agent-9', { type: 'OtrsAgentSeen', data: { agentId: 9, login: 'sidorov' } }),
    ...on('otrs-agent-link-42', { type: 'OtrsAgentLinked', data: { telegramUserId: 42, login: 'IVANOV' } }),
    ...on('otrs-agent-link-43', { type: 'OtrsAgentLinked', data: { telegramUserId: 43, login: 'nobody' } }),
    ...on('otrs-agent-link-43', { type: 'OtrsAgentSessionExpired', data: { telegramUserId: 43 } }, 1),
    // Escalations: ticket 1 past due, 2 due soon, 3 past due but announced, 4 far away.
    ...on('otrs-ticket-1', {
      type: 'TicketEscalationTimesChanged',
      data: { ticketId: 1, to: { firstResponse: time(20), update: null, solution: null }, changed: time(10) },
    }),
    ...on('otrs-ticket-2', {
      type: 'TicketEscalationTimesChanged',
      data: { ticketId: 2, to: { firstResponse: null, update: time(40), solution: null }, changed: time(10) },
    }),
    ...on('otrs-ticket-3', {
      type: 'TicketEscalationTimesChanged',
      data: { ticketId: 3, to: { firstResponse: null, update: null, solution: time(10) }, changed: time(10) },
    }),
    ...on('otrs-ticket-3', {
      type: 'TicketEscalated',
      data: { ticketId: 3, kind: 'solution', deadline: time(10) },
    }),
    ...on('otrs-ticket-4', {
      type: 'TicketEscalationTimesChanged',
      data: {
        ticketId: 4,
        to: { firstResponse: null, update: null, solution: time(0, 12) },
        changed: time(10),
      },
    }),
    // Due in 35.5 h: beyond the longest warning the decider gives (a day), whatever the setting says.
    ...on('otrs-ticket-5', {
      type: 'TicketEscalationTimesChanged',
      data: {
        ticketId: 5,
        to: { firstResponse: null, update: null, solution: '2026-12-05T21:00:00.000Z' },
        changed: time(10),
      },
    }),
    // Closed: never due.
    ...on('otrs-ticket-7', {
      type: 'TicketEscalationTimesChanged',
      data: { ticketId: 7, to: { firstResponse: time(5), update: null, solution: null }, changed: time(10) },
    }),
  ];
  const client = await database.pool.connect();
  try {
    const tables = liveTables(otrsProjector);
    await client.query('begin');
    await otrsProjector.createTables(client, tables);
    await otrsProjector.apply(events, client, tables);
    await otrsProjector.createIndexes?.(client, tables);
    await client.query('commit');
  } finally {
    client.release();
  }
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

test('a ticket by id and by number, with its owner named; none for an unknown one', async (t) => {
  const { queries } = t.context;
  const ticket = await queries.ticketByNumber('2026120410000002');
  t.like(ticket, {
    ticketId: 2,
    title: 'Printer 2 is jammed',
    customer: { userId: 'customer2@example.com', customerId: 'ACME', name: 'Ivan Petrov' },
    queue: { id: 2, name: 'Support' },
    ownerId: 3,
    ownerLogin: 'Ivanov',
    closed: false,
    created: time(2),
    escalations: { firstResponse: null, update: time(40), solution: null },
    latestArticle: null,
  });
  t.deepEqual(await queries.ticketById(2), ticket);
  t.is(await queries.ticketByNumber('999'), null);
  t.is(await queries.ticketByNumber('12; drop table'), null);
  t.is(await queries.ticketById(-1), null);
});

test('open tickets page oldest first with a keyset cursor; closed ones never', async (t) => {
  const { queries } = t.context;
  const first = await queries.openTickets({ limit: 4 });
  t.deepEqual(
    first.items.map((ticket) => ticket.ticketId),
    [6, 1, 2, 3],
  );
  t.truthy(first.nextCursor);
  const second = await queries.openTickets({ limit: 4, cursor: first.nextCursor ?? undefined });
  t.deepEqual(
    second.items.map((ticket) => ticket.ticketId),
    [4, 5],
  );
  t.is(second.nextCursor, null);
});

test('open tickets by queue (without case), owner, state and age; and their count', async (t) => {
  const { queries } = t.context;
  const ids = async (filter: Parameters<OtrsQueries['openTickets']>[0]) =>
    (await queries.openTickets(filter)).items.map((ticket) => ticket.ticketId);
  t.deepEqual(await ids({ queue: 'support', limit: 10 }), [1, 2, 3, 4, 5]);
  t.deepEqual(await ids({ ownerId: 3, limit: 10 }), [2, 4]);
  t.deepEqual(await ids({ state: 'OPEN', limit: 10 }), [6]);
  t.deepEqual(await ids({ olderThan: new Date(time(3)), limit: 10 }), [6, 1, 2]);
  t.deepEqual(await ids({ queue: 'Nowhere', limit: 10 }), []);
  t.is(await queries.countOpenTickets({ queue: 'SUPPORT' }), 5);
  t.is(await queries.countOpenTickets({ ownerId: 3 }), 2);
});

test('a Telegram user meets their agent id through the login, without case, and back', async (t) => {
  const { queries } = t.context;
  t.is(await queries.agentIdOfTelegramUser(42), 3);
  t.deepEqual(await queries.telegramUserOfAgent(3), { telegramUserId: 42, status: 'active' });
  t.like(await queries.linkOf(42), { telegramUserId: 42, login: 'IVANOV', status: 'active' });
  // Linked, but no ticket has named that login's agent yet.
  t.is(await queries.agentIdOfTelegramUser(43), null);
  t.deepEqual(await queries.agentRefOf(43), { telegramUserId: 43, link: 'expired', agentId: null });
  t.deepEqual(await queries.agentRefOf(42), { telegramUserId: 42, link: 'active', agentId: 3 });
  t.deepEqual(await queries.agentRefOf(44), { telegramUserId: 44, link: 'none', agentId: null });
  t.is(await queries.telegramUserOfAgent(9), null);
  t.is(await queries.linkOf(44), null);
});

test('escalations due: past due or due within the warning, not yet announced so, open only', async (t) => {
  const { queries } = t.context;
  const now = new Date(time(30));
  t.deepEqual(await queries.dueEscalations({ now, warnBeforeSeconds: 15 * 60, limit: 10 }), [
    { ticketId: 1, due: time(20) },
    { ticketId: 2, due: time(40) },
  ]);
  t.deepEqual(await queries.dueEscalations({ now, warnBeforeSeconds: 0, limit: 10 }), [
    { ticketId: 1, due: time(20) },
  ]);
  t.deepEqual(await queries.dueEscalations({ now, warnBeforeSeconds: 15 * 60, limit: 1 }), [
    { ticketId: 1, due: time(20) },
  ]);
  // A warning of two days is a day to the decider: ticket 5 is not due yet, or it would fill every batch.
  t.deepEqual(
    (await queries.dueEscalations({ now, warnBeforeSeconds: 2 * 86_400, limit: 10 })).map((e) => e.ticketId),
    [1, 2, 4],
  );
});
