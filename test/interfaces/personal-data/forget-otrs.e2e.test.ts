import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import {
  makeAgentLinkCommands,
  makeRoutingCommands,
  makeTicketCommands,
} from '../../../application/otrs/index.ts';
import { withPersonalDataProtection } from '../../../application/personal-data/index.ts';
import type { EventStore } from '../../../application/ports/index.ts';
import { makeTelegramUserCommands } from '../../../application/telegram/index.ts';
import {
  type OtrsRoutingRule,
  type TicketSnapshot,
  otrsAgentLinkStreamId,
  otrsAgentLoginStreamId,
  otrsCustomerSubject,
  otrsTicketStreamId,
} from '../../../domain/otrs/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import {
  otrsCustomerKeys,
  postgresOtrsAgentSessions,
  otrsLoginClaimKeys,
} from '../../../infrastructure/otrs/index.ts';
import {
  type MasterKey,
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import type { ApiCall } from '../../support/api-call.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { TEST_MASTER_KEY } from '../../support/tbot-process.ts';

// Forgetting through the API reaches what OTRS keeps of a person: a Telegram user's forget ends their OTRS
// link (reason `forgotten`, the login's claim released, the session row gone); an employee's forget forgets
// the OTRS customer their e-mail address is, so their tickets' titles, names and excerpts read as null. The
// OTRS data is written beside the node, on its database and master key, as the feed and the bot would.
interface Context {
  api: ServedApi;
  admin: string;
  raw: PostgresEventStore[];
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

const masterKey = parseMasterKey(TEST_MASTER_KEY) as MasterKey;
const claimKeys = otrsLoginClaimKeys(masterKey);
const customerKeys = otrsCustomerKeys(masterKey);
const write = { metadata: testMetadata };

test.before(async (t) => {
  t.context.api = await startServedApi();
  t.context.admin = await t.context.api.adminToken();
  t.context.raw = [];
});

test.after.always(async (t) => {
  for (const raw of t.context.raw ?? []) await raw.close();
  await t.context.api?.stop();
});

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });

/**
 * A protected store on the node's database with keys of its own: a fresh one after a forget, since a key
 * store keeps the keys it used for a while (as another node would).
 */
function openStore(t: T) {
  const { pool, url } = t.context.api.database;
  const raw = createPostgresEventStore({ pool, url, pollIntervalMs: 200 });
  t.context.raw.push(raw);
  const keys = createPostgresPersonalDataKeys({ pool, masterKey });
  return { store: withPersonalDataProtection(raw, { keys }), keys };
}

const rawEvents = async (t: T, streamId: string) =>
  (
    await t.context.api.database.pool.query<{
      type: string;
      data: Record<string, unknown>;
      text: string;
      position: string;
    }>(
      `select type, data, data::text || metadata::text as text, position from es.events where stream_id = $1
       order by position`,
      [streamId],
    )
  ).rows;

const sessionRows = async (t: T, telegramUserId: number) =>
  (
    await t.context.api.database.pool.query('select 1 from otrs.agent_sessions where telegram_user_id = $1', [
      telegramUserId,
    ])
  ).rowCount;

const linkAgent = (store: EventStore, keys: Parameters<typeof postgresOtrsAgentSessions>[0]['keys'], t: T) =>
  makeAgentLinkCommands({
    store,
    sessions: postgresOtrsAgentSessions({ pool: t.context.api.database.pool, keys }),
    claimKeys,
  });

test('forgetting a Telegram user through the API ends their OTRS link: unlinked, claim released, session gone', async (t) => {
  const { store, keys } = openStore(t);
  const users = makeTelegramUserCommands({ store, adminIds: new Set() });
  await users.identify(
    { telegramUserId: 7301, username: 'psidorov', firstName: 'Пётр', lastName: null, languageCode: 'ru' },
    write,
  );
  await linkAgent(store, keys, t).link(7301, 'P.Sidorov', { sessionId: 'S-7301-live' }, write);
  t.is(await sessionRows(t, 7301), 1);

  const reason = 'обращение Сидорова № 5150';
  const forget = () =>
    call(t, '/telegram/users/7301/forget', {
      body: { reason },
      headers: { 'Idempotency-Key': 'forget-7301' },
    });
  const response = await forget();
  t.is(response.status, 200);
  t.is((await forget()).status, 200, 'a retry answers as the first time');

  const link = await rawEvents(t, otrsAgentLinkStreamId(7301));
  t.deepEqual(
    link.map((event) => event.type),
    ['OtrsAgentLinked', 'OtrsAgentUnlinked'],
    'unlinked once, the retry and the follow-up wrote nothing more',
  );
  t.deepEqual(link[1]?.data, { telegramUserId: 7301, reason: 'forgotten' });
  t.false(link[1]?.text.includes('5150'), 'the forget’s reason is not left in plain on the unlink');
  const claim = await rawEvents(t, otrsAgentLoginStreamId(claimKeys.claimKeyOf('p.sidorov')));
  t.deepEqual(
    claim.map((event) => event.type),
    ['OtrsAgentLoginClaimed', 'OtrsAgentLoginReleased'],
  );
  t.is(await sessionRows(t, 7301), 0, 'the session row is gone');
  const [forgotten] = await rawEvents(t, 'telegram-user-7301').then((rows) =>
    rows.filter((event) => event.type === 'TelegramUserForgotten'),
  );
  t.true(
    BigInt(claim[1]?.position ?? '0') < BigInt(forgotten?.position ?? '0'),
    'the claim is released before the forget is in the log (its key may go from then on)',
  );

  // The login is free: another Telegram user links it.
  const after = openStore(t);
  await users.identify(
    { telegramUserId: 7302, username: null, firstName: 'Анна', lastName: null, languageCode: 'ru' },
    write,
  );
  await linkAgent(after.store, after.keys, t).link(7302, 'p.sidorov', { sessionId: 'S-7302' }, write);
  t.deepEqual(
    (await rawEvents(t, otrsAgentLoginStreamId(claimKeys.claimKeyOf('p.sidorov')))).map(
      (event) => event.type,
    ),
    ['OtrsAgentLoginClaimed', 'OtrsAgentLoginReleased', 'OtrsAgentLoginClaimed'],
  );
});

test('forgetting a Telegram user who was never linked writes nothing of OTRS', async (t) => {
  const { store } = openStore(t);
  await makeTelegramUserCommands({ store, adminIds: new Set() }).identify(
    { telegramUserId: 7303, username: null, firstName: 'Ия', lastName: null, languageCode: null },
    write,
  );
  const response = await call(t, '/telegram/users/7303/forget', { body: { reason: 'просьба 7303' } });
  t.is(response.status, 200);
  t.deepEqual(await rawEvents(t, otrsAgentLinkStreamId(7303)), []);
});

const HELPDESK_RULE: OtrsRoutingRule = {
  queues: ['Helpdesk'],
  minPriority: null,
  maxPriority: null,
  chat: { chatId: -1009, messageThreadId: null },
  owner: false,
  responsible: false,
};

/** The OTRS notices' rows still to be sent: their ticket, what they show, and their whole text. */
const pendingCards = async (t: T) =>
  (
    await t.context.api.database.pool.query<{
      ticket: number;
      number: string;
      title: string | null;
      customer: string | null;
      excerpt: string | null;
      text: string;
    }>(
      `select (params->>'ticketId')::int as ticket, params->>'number' as number, params->>'title' as title,
         params->>'customer' as customer, params->>'excerpt' as excerpt, params::text as text
       from notifications.outbox where reactor = 'otrs-notices' and status = 'pending' order by id`,
    )
  ).rows;

const ticket = (ticketId: number, email: string): TicketSnapshot => ({
  ticketId,
  number: `20261204100${ticketId}`,
  title: 'Не работает почта у Забываевой',
  state: 'open',
  stateType: 'open',
  queue: { id: 3, name: 'Helpdesk' },
  priority: { id: 3, name: '3 normal' },
  lock: 'unlock',
  ownerId: null,
  responsibleId: null,
  customer: { userId: email, customerId: 'Бухгалтерия', name: 'Зоя Забываева' },
  created: '2026-12-04T09:00:00.000Z',
  changed: '2026-12-04T09:00:00.000Z',
  escalations: { firstResponse: null, update: null, solution: null },
  latestArticle: {
    articleId: 900 + ticketId,
    senderType: 'customer',
    visibleForCustomer: true,
    excerpt: 'Письма не уходят с утра',
  },
  personalSubject: otrsCustomerSubject(customerKeys.keyOf(email)),
});

test('forgetting an employee through the API makes the tickets of their e-mail address unreadable', async (t) => {
  const created = await call(t, '/employees', {
    body: { fullName: 'Забываева Зоя', email: 'z.zabyvaeva@example.com' },
  });
  t.is(created.status, 201);
  const { employeeId } = (await created.json()) as { employeeId: string };
  // A former address of theirs: its tickets are theirs too.
  const changed = await call(t, `/employees/${employeeId}`, {
    method: 'PATCH',
    body: { email: 'zoya@example.com' },
  });
  t.true(changed.ok, `PATCH answered ${changed.status}`);

  const { store } = openStore(t);
  // The queue's cards go to a chat nobody sends to here (the node has no bot): they stay pending.
  await makeRoutingCommands(store).set([HELPDESK_RULE], write);
  const tickets = makeTicketCommands(store);
  for (const [ticketId, email] of [
    [301, 'Z.Zabyvaeva@example.com'],
    [302, 'zoya@example.com'],
    [303, 'someone.else@example.com'],
  ] as const) {
    await tickets.run(
      {
        type: 'RecordTicketObservation',
        data: { snapshot: ticket(ticketId, email), warnBeforeSeconds: 600 },
      },
      write,
    );
  }
  t.truthy(
    await eventually(async () => (await pendingCards(t)).length >= 6),
    'each ticket’s card and its first article’s edit are pending',
  );
  t.true((await pendingCards(t)).some((row) => row.text.includes('Зоя Забываева')));
  const response = await call(t, `/employees/${employeeId}/forget`, {
    body: { reason: 'обращение 8123' },
    headers: { 'Idempotency-Key': 'forget-zoya-otrs' },
  });
  t.is(response.status, 200);

  const after = openStore(t).store;
  for (const ticketId of [301, 302]) {
    const opened = (await after.readStream(otrsTicketStreamId(ticketId))).find(
      (e) => e.type === 'TicketOpened',
    );
    t.like(opened?.data, {
      ticketId,
      title: null,
      customer: { userId: null, customerId: null, name: null },
      queue: { id: 3, name: 'Helpdesk' },
    });
    const article = (await after.readStream(otrsTicketStreamId(ticketId))).find(
      (e) => e.type === 'TicketArticleAdded',
    );
    t.like(article?.data, { excerpt: null });
  }
  // The cards still to be sent lose the name, title and excerpt too; the other customer's keep theirs.
  const scrubbed = await eventually(async () => {
    const rows = await pendingCards(t);
    return rows.every((row) => row.ticket === 303 || !row.text.includes('Забываев')) ? rows : null;
  });
  t.truthy(scrubbed, JSON.stringify(await pendingCards(t)));
  for (const row of scrubbed ?? []) {
    // Another customer of the same name: theirs stays.
    if (row.ticket === 303) t.is(row.customer, 'Зоя Забываева (Бухгалтерия)');
    else t.like(row, { customer: null, title: null, excerpt: null, number: `20261204100${row.ticket}` });
  }
  const other = (await after.readStream(otrsTicketStreamId(303))).find((e) => e.type === 'TicketOpened');
  t.like(other?.data, {
    title: 'Не работает почта у Забываевой',
    customer: { userId: 'someone.else@example.com' },
  });
});
