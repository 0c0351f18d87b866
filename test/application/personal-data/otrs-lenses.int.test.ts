import anyTest, { type TestFn } from 'ava';
import { makeAgentLinkCommands, makeTicketCommands } from '../../../application/otrs/index.ts';
import {
  type PersonalDataKeys,
  withPersonalDataProtection,
} from '../../../application/personal-data/index.ts';
import type { EventStore, RecordedEvent } from '../../../application/ports/index.ts';
import {
  type TicketSnapshot,
  otrsAgentLinkStreamId,
  otrsAgentLoginStreamId,
  otrsAgentStreamId,
  otrsCustomerSubject,
  otrsTicketStreamId,
  otrsTicketSubject,
} from '../../../domain/otrs/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { otrsCustomerKeys, postgresOtrsAgentSessions } from '../../../infrastructure/otrs/index.ts';
import {
  type MasterKey,
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
  raw: PostgresEventStore;
  keys: PersonalDataKeys;
  store: EventStore;
}

const test = anyTest as TestFn<Context>;

const masterKey = parseMasterKey('0'.repeat(63) + '3') as MasterKey;
const customerKeys = otrsCustomerKeys(masterKey);
const write = { metadata: testMetadata };

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.raw = createPostgresEventStore({ pool: database.pool, url: database.url, pollIntervalMs: 200 });
  t.context.keys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  t.context.store = withPersonalDataProtection(t.context.raw, { keys: t.context.keys });
});

test.after.always(async (t) => {
  await t.context.raw?.close();
  await t.context.database?.drop();
});

async function rawText(database: TestDatabase, streamId: string): Promise<string> {
  const { rows } = await database.pool.query<{ text: string }>(
    `select coalesce(string_agg(data::text || metadata::text, ' '), '') as text from es.events where stream_id = $1`,
    [streamId],
  );
  return rows[0]?.text ?? '';
}

const snapshot = (ticketId: number, email: string): TicketSnapshot => ({
  ticketId,
  number: `2026120410000${ticketId}`,
  title: 'Принтер Сидорова не печатает',
  state: 'new',
  stateType: 'new',
  queue: { id: 3, name: 'Helpdesk' },
  priority: { id: 3, name: '3 normal' },
  lock: 'unlock',
  ownerId: 7,
  responsibleId: null,
  customer: { userId: email, customerId: 'ООО Ромашка', name: 'Пётр Сидоров' },
  created: '2026-12-04T09:00:00.000Z',
  changed: '2026-12-04T09:00:00.000Z',
  escalations: { firstResponse: null, update: null, solution: null },
  latestArticle: {
    articleId: 90 + ticketId,
    senderType: 'customer',
    visibleForCustomer: true,
    excerpt: 'Добрый день, принтер на третьем этаже',
  },
  personalSubject: otrsCustomerSubject(customerKeys.keyOf(email)),
});

const TICKET_PLAINTEXTS = ['Принтер', 'sidorov', 'Ромашка', 'Пётр', 'третьем', 'картридж'];

async function openTicket(store: EventStore, ticketId: number, email: string): Promise<void> {
  const tickets = makeTicketCommands(store);
  await tickets.run(
    {
      type: 'RecordTicketObservation',
      data: { snapshot: snapshot(ticketId, email), warnBeforeSeconds: 600 },
    },
    write,
  );
  await tickets.run(
    {
      type: 'AddTicketNote',
      data: {
        ticketId,
        actionId: `note-${ticketId}`,
        agent: { telegramUserId: 5001, link: 'active', agentId: 7 },
        text: 'Заменил картридж',
      },
    },
    write,
  );
}

const byType = (events: readonly RecordedEvent[], type: string) =>
  events.find((event) => event.type === type)?.data as Record<string, unknown> | undefined;

test('a ticket’s title, customer, excerpt and note are stored encrypted and read back in clear', async (t) => {
  const { store, database } = t.context;
  await openTicket(store, 101, 'sidorov@example.com');
  const stream = otrsTicketStreamId(101);
  const text = await rawText(database, stream);
  t.regex(text, /pd1:/);
  for (const plain of TICKET_PLAINTEXTS) t.false(text.includes(plain), plain);
  t.true(text.includes('Helpdesk'), 'what is not personal stays readable');

  const events = await store.readStream(stream);
  t.like(byType(events, 'TicketOpened'), {
    title: 'Принтер Сидорова не печатает',
    customer: { userId: 'sidorov@example.com', customerId: 'ООО Ромашка', name: 'Пётр Сидоров' },
  });
  t.like(byType(events, 'TicketArticleAdded'), { excerpt: 'Добрый день, принтер на третьем этаже' });
  t.like(byType(events, 'TicketActionRequested'), { action: { kind: 'note', text: 'Заменил картридж' } });
});

test('once the customer is forgotten, the ticket’s personal fields read as null and the rest as it was', async (t) => {
  const { store, keys } = t.context;
  await openTicket(store, 102, 'ivanova@example.com');
  t.true(await keys.forget(otrsCustomerSubject(customerKeys.keyOf('IVANOVA@example.com'))));

  const events = await store.readStream(otrsTicketStreamId(102));
  t.like(byType(events, 'TicketOpened'), {
    ticketId: 102,
    title: null,
    customer: { userId: null, customerId: null, name: null },
    queue: { id: 3, name: 'Helpdesk' },
  });
  t.like(byType(events, 'TicketArticleAdded'), { excerpt: null, articleId: 192 });
  t.like(byType(events, 'TicketActionRequested'), {
    action: { kind: 'note', text: null },
    requestedBy: 5001,
  });
});

test('a ticket without a customer is under its own subject, and a path through null holds nothing', async (t) => {
  const { store, keys, database } = t.context;
  const bare: TicketSnapshot = {
    ...snapshot(103, 'x@example.com'),
    customer: null,
    personalSubject: otrsTicketSubject(103),
  };
  await makeTicketCommands(store).run(
    { type: 'RecordTicketObservation', data: { snapshot: bare, warnBeforeSeconds: 600 } },
    write,
  );
  const text = await rawText(database, otrsTicketStreamId(103));
  t.false(text.includes('Принтер'));
  t.like(byType(await store.readStream(otrsTicketStreamId(103)), 'TicketOpened'), {
    title: 'Принтер Сидорова не печатает',
    customer: null,
  });
  t.truthy(await keys.get(otrsTicketSubject(103)));
});

test('an agent’s login is encrypted in a link, its claim and as tickets see it, and gone once forgotten', async (t) => {
  const { store, keys, database } = t.context;
  const sessions = postgresOtrsAgentSessions({ pool: database.pool, keys });
  await makeAgentLinkCommands({ store, sessions }).link(6001, 'p.sidorov', { sessionId: 'S-6001' }, write);
  await store.append(otrsAgentStreamId(7), [
    { type: 'OtrsAgentSeen', data: { agentId: 7, login: 'p.sidorov' }, metadata: testMetadata },
  ]);
  for (const stream of [otrsAgentLinkStreamId(6001), otrsAgentStreamId(7)]) {
    t.false((await rawText(database, stream)).includes('sidorov'), stream);
  }
  // The claim's stream id names the login (exact uniqueness needs it); its data does not.
  const claimData = await database.pool.query<{ data: string }>(
    'select data::text as data from es.events where stream_id = $1',
    [otrsAgentLoginStreamId('p.sidorov')],
  );
  t.is(claimData.rows.length, 1);
  t.false(claimData.rows[0]?.data.includes('sidorov'));

  t.like(byType(await store.readStream(otrsAgentLinkStreamId(6001)), 'OtrsAgentLinked'), {
    login: 'p.sidorov',
  });
  t.like(byType(await store.readStream(otrsAgentStreamId(7)), 'OtrsAgentSeen'), { login: 'p.sidorov' });

  await keys.forget('telegram-user-6001');
  await keys.forget('otrs-agent-7');
  t.like(byType(await store.readStream(otrsAgentLinkStreamId(6001)), 'OtrsAgentLinked'), {
    telegramUserId: 6001,
    login: null,
  });
  t.like(byType(await store.readStream(otrsAgentStreamId(7)), 'OtrsAgentSeen'), { agentId: 7, login: null });
});

test('an OTRS event with nothing personal passes untouched', async (t) => {
  const { store, database } = t.context;
  const stream = otrsTicketStreamId(104);
  await store.append(stream, [
    {
      type: 'TicketEscalated',
      data: { ticketId: 104, kind: 'solution', deadline: '2026-12-04T10:00:00.000Z' },
      metadata: testMetadata,
    },
  ]);
  t.false((await rawText(database, stream)).includes('pd1:'));
});
