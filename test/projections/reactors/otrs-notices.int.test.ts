import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent, RecordedEvent } from '../../../application/ports/index.ts';
import {
  type OtrsRoutingRule,
  type TicketEvent,
  otrsAgentLinkStreamId,
  otrsAgentStreamId,
  otrsTicketStreamId,
} from '../../../domain/otrs/index.ts';
import type { Event } from '../../../domain/shared/index.ts';
import { otrsNoticesReactor } from '../../../projections/index.ts';
import { firstArticle, opened, ticketId } from '../../domain/otrs/ticket-fixtures.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The OTRS notices reactor's decisions as outbox rows, on real PostgreSQL, with its events made up here (the
// feed that records them is another part's): each test in a transaction of its own, rolled back.
interface Context {
  database: TestDatabase;
}
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});
test.after.always(async (t) => {
  await t.context.database?.drop();
});

const reactor = (t: ExecutionContext<Context>) => projectorSpec(otrsNoticesReactor, t.context.database)(t);

// After the reactor's start line (its tables are created now): earlier events are no news, and are not told.
const metadata = { ...testMetadata, occurredAt: '2099-01-01T10:00:00.000Z' };
const as = (e: Event): NewEvent => ({ type: e.type, data: e.data, metadata });

const printers = { chatId: -1001, messageThreadId: 7 };
const network = { chatId: -1002, messageThreadId: null };
const rule = (changes: Partial<OtrsRoutingRule>): OtrsRoutingRule => ({
  queues: [],
  minPriority: null,
  maxPriority: null,
  chat: null,
  owner: false,
  responsible: false,
  ...changes,
});
const RULES: OtrsRoutingRule[] = [
  rule({ queues: ['IT::Printers'], chat: printers, owner: true }),
  rule({ queues: ['IT::Network'], chat: network }),
];

/** A log: the rules, agent 12 (`p.petrov`) linked to Telegram user 5001, and the fixture's ticket opened. */
function history(rules: readonly OtrsRoutingRule[] = RULES) {
  const log = recordedLog();
  const base: RecordedEvent[] = [
    ...log.append('otrs-routing', [as({ type: 'OtrsRoutingRulesSet', data: { rules } })]),
    ...log.append(otrsAgentStreamId(12), [
      as({ type: 'OtrsAgentSeen', data: { agentId: 12, login: 'P.Petrov' } }),
    ]),
    ...log.append(otrsAgentLinkStreamId(5001), [
      as({ type: 'OtrsAgentLinked', data: { telegramUserId: 5001, login: 'p.petrov' } }),
    ]),
  ];
  const ticket = (events: readonly TicketEvent[]) => log.append(otrsTicketStreamId(ticketId), events.map(as));
  return { log, base, ticket };
}

const changed = '2026-12-03T09:10:00.000Z';
const ROWS = `select dedupe_key, kind, chat_id::int as chat, thread_id::int as thread, edits, replies_to,
  params->>'queue' as queue, params->>'excerpt' as excerpt, (params->>'locked')::boolean as locked,
  params->'owner'->>'login' as owner, (params->>'closed')::boolean as closed
  from notifications.outbox where reactor = 'otrs-notices' order by id`;

/** `ROWS` without those of `event` (the first article's edit, told in the first test). */
const rowsBut = (event: RecordedEvent | undefined) =>
  ROWS.replace('where', `where dedupe_key not like '${event?.eventId}:%' and`);

const card = (dedupe_key: string, chat: number, thread: number | null, more: object = {}) => ({
  dedupe_key,
  kind: 'otrs.ticketCard',
  chat,
  thread,
  edits: null,
  replies_to: null,
  queue: 'IT::Printers',
  excerpt: 'Добрый день!\nПринтер не печатает.',
  locked: false,
  owner: null,
  closed: false,
  ...more,
});

test('a ticket opened in a routed queue is a card in the rule’s chat and topic, edited to show its first article', async (t) => {
  const { base, ticket } = history();
  const opening = ticket([opened, firstArticle]);
  const key = `${opening[0]?.eventId}:otrs:card:-1001:7`;
  await reactor(t)
    .given(base)
    .when(opening)
    .thenRows(ROWS, [
      // Each event's row, keyed by it, however the events are batched: the card, then its first article.
      card(key, -1001, 7, { excerpt: null }),
      card(`${opening[1]?.eventId}:otrs:edit:${key}`, -1001, 7, { edits: key }),
    ]);
});

test('a ticket opened closed, or in a queue no rule routes, is no card (the unrouted one is counted)', async (t) => {
  const { base, ticket } = history();
  await reactor(t)
    .given(base)
    .when(
      ticket([
        { ...opened, data: { ...opened.data, state: { state: 'closed successful', stateType: 'closed' } } },
      ]),
    )
    .thenRows(ROWS, []);
  const other = history();
  const elsewhere = other.ticket([{ ...opened, data: { ...opened.data, queue: { id: 9, name: 'Sales' } } }]);
  await reactor(t)
    .given(other.base)
    .when(elsewhere)
    .thenRows(`select dedupe_key, kind, chat_id::int as chat, params from notifications.outbox`, [
      {
        dedupe_key: `${elsewhere[0]?.eventId}:otrs:unrouted`,
        kind: 'otrs.unrouted',
        chat: 0,
        params: { ticketId, queue: 'Sales', priorityId: 3 },
      },
    ]);
});

test('taking the ticket edits its card to show who took it, and sends it to the new owner personally', async (t) => {
  const { base, ticket } = history();
  const opening = ticket([opened, firstArticle]);
  const key = `${opening[0]?.eventId}:otrs:card:-1001:7`;
  const taken = ticket([
    { type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 12, changed } },
    { type: 'TicketLockChanged', data: { ticketId, from: 'unlock', to: 'lock', changed } },
  ]);
  const owner = taken[0]?.eventId;
  const lock = taken[1]?.eventId;
  const personal = `${owner}:otrs:card:5001:`;
  await reactor(t)
    .given([...base, ...opening])
    .when(taken)
    .thenRows(rowsBut(opening[1]), [
      card(key, -1001, 7, { excerpt: null }),
      // Each event edits the card as it is after it.
      card(`${owner}:otrs:edit:${key}`, -1001, 7, { edits: key, owner: 'P.Petrov' }),
      // The rule tells the owner: their private chat gets a card of its own.
      card(personal, 5001, null, { owner: 'P.Petrov' }),
      card(`${lock}:otrs:edit:${key}`, -1001, 7, { edits: key, locked: true, owner: 'P.Petrov' }),
      card(`${lock}:otrs:edit:${personal}`, 5001, null, { edits: personal, locked: true, owner: 'P.Petrov' }),
    ]);
});

test('a queue move edits the card and posts a new one where the new queue is routed; a close edits both', async (t) => {
  const { base, ticket } = history();
  const opening = ticket([opened, firstArticle]);
  const key = `${opening[0]?.eventId}:otrs:card:-1001:7`;
  const moved = ticket([
    {
      type: 'TicketQueueChanged',
      data: { ticketId, from: opened.data.queue, to: { id: 4, name: 'IT::Network' }, changed },
    },
  ]);
  const movedId = moved[0]?.eventId;
  const closed = ticket([
    {
      type: 'TicketStateChanged',
      data: {
        ticketId,
        from: opened.data.state,
        to: { state: 'closed successful', stateType: 'closed' },
        changed,
      },
    },
  ]);
  const closedId = closed[0]?.eventId;
  const network = { queue: 'IT::Network' };
  await reactor(t)
    .given([...base, ...opening])
    .when(moved)
    .thenRows(rowsBut(opening[1]), [
      card(key, -1001, 7, { excerpt: null }),
      card(`${movedId}:otrs:edit:${key}`, -1001, 7, { ...network, edits: key }),
      card(`${movedId}:otrs:card:-1002:`, -1002, null, network),
    ]);
  // Opened and moved in one batch: the same rows as in two.
  await reactor(t)
    .given([...base, ...opening, ...moved])
    .when(closed)
    .thenRows(rowsBut(opening[1]), [
      card(key, -1001, 7, { excerpt: null }),
      card(`${movedId}:otrs:edit:${key}`, -1001, 7, { ...network, edits: key }),
      card(`${movedId}:otrs:card:-1002:`, -1002, null, network),
      card(`${closedId}:otrs:edit:${key}`, -1001, 7, { ...network, edits: key, closed: true }),
      card(`${closedId}:otrs:edit:${movedId}:otrs:card:-1002:`, -1002, null, {
        ...network,
        edits: `${movedId}:otrs:card:-1002:`,
        closed: true,
      }),
    ]);
});

test('a change the card does not show (a touch, moved escalation times) edits nothing', async (t) => {
  const { base, ticket } = history();
  const opening = ticket([opened, firstArticle]);
  const key = `${opening[0]?.eventId}:otrs:card:-1001:7`;
  await reactor(t)
    .given([...base, ...opening])
    .when(
      ticket([
        { type: 'TicketTouched', data: { ticketId, changed } },
        { type: 'TicketEscalationTimesChanged', data: { ticketId, to: opened.data.escalations, changed } },
      ]),
    )
    .thenRows(rowsBut(opening[1]), [card(key, -1001, 7, { excerpt: null })]);
});

test('an escalation is told once to the queue’s chat (a reply to the card) and to the linked owner, even replayed or recorded twice', async (t) => {
  const { base, ticket } = history();
  const opening = ticket([{ ...opened, data: { ...opened.data, ownerId: 12 } }, firstArticle]);
  const key = `${opening[0]?.eventId}:otrs:card:-1001:7`;
  const personal = `${opening[0]?.eventId}:otrs:card:5001:`;
  const escalated: TicketEvent = {
    type: 'TicketEscalated',
    data: { ticketId, kind: 'firstResponse', deadline: '2026-12-03T12:00:00.000Z' },
  };
  const first = ticket([escalated]);
  // The same escalation recorded again (a second source), and the first batch applied again (a replay).
  const again = ticket([escalated]);
  const escalation = (chat: number, thread: number | null, repliesTo: string) => ({
    dedupe_key: `otrs:escalation:${ticketId}:firstResponse:2026-12-03T12:00:00.000Z:past:${chat}:${thread ?? ''}`,
    chat,
    thread,
    replies_to: repliesTo,
    params: {
      ticketId,
      number: opened.data.number,
      title: opened.data.title,
      queue: 'IT::Printers',
      kind: 'firstResponse',
      deadline: '2026-12-03T12:00:00.000Z',
      escalated: true,
    },
  });
  const rows = [escalation(-1001, 7, key), escalation(5001, null, personal)];
  const SQL = `select dedupe_key, chat_id::int as chat, thread_id::int as thread, replies_to, params
    from notifications.outbox where kind = 'otrs.escalation' order by id`;
  await reactor(t)
    .given([...base, ...opening])
    .when(first)
    .thenRows(SQL, rows);
  await reactor(t)
    .given([...base, ...opening, ...first])
    .when([...first, ...again])
    .thenRows(SQL, rows);
});

test('an agent unlinked gets no personal card; one whose login is spelt otherwise still does', async (t) => {
  const { base, ticket, log } = history();
  const unlinked = log.append(otrsAgentLinkStreamId(5001), [
    as({ type: 'OtrsAgentUnlinked', data: { telegramUserId: 5001, reason: 'self' } }),
  ]);
  const opening = ticket([{ ...opened, data: { ...opened.data, ownerId: 12 } }]);
  await reactor(t)
    .given([...base, ...unlinked])
    .when(opening)
    .thenRows(`select chat_id::int as chat from notifications.outbox order by id`, [{ chat: -1001 }]);
  const relinked = history();
  const again = relinked.ticket([{ ...opened, data: { ...opened.data, ownerId: 12 } }]);
  await reactor(t)
    .given(relinked.base)
    .when(again)
    .thenRows(`select chat_id::int as chat from notifications.outbox order by id`, [
      { chat: -1001 },
      { chat: 5001 },
    ]);
});

/** A later customer article of the ticket. */
const laterArticle = (excerpt: string): TicketEvent =>
  ({
    ...firstArticle,
    data: { ...(firstArticle.data as object), articleId: 901, excerpt, changed: '2026-12-03T09:20:00.000Z' },
  }) as TicketEvent;

test('a personal card is edited only while its agent is linked: any unlink retires it', async (t) => {
  for (const reason of ['self', 'revoked', 'forgotten'] as const) {
    const { base, ticket, log } = history();
    const opening = ticket([opened, firstArticle]);
    const taken = ticket([{ type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 12, changed } }]);
    const unlinked = log.append(otrsAgentLinkStreamId(5001), [
      as({ type: 'OtrsAgentUnlinked', data: { telegramUserId: 5001, reason } }),
    ]);
    const article = ticket([laterArticle('Секретный ответ клиента')]);
    await reactor(t)
      .given([...base, ...opening, ...taken, ...unlinked])
      .when(article)
      .thenRows(
        `select chat_id::int as chat, edits is not null as edit, params->>'excerpt' as excerpt
         from notifications.outbox where dedupe_key like '${article[0]?.eventId}:%' order by id`,
        // The queue's card still shows it; the private chat learns nothing more.
        [{ chat: -1001, edit: true, excerpt: 'Секретный ответ клиента' }],
      );
  }
});

test('a personal card is edited only while its agent owns the ticket or is responsible for it', async (t) => {
  const { base, ticket } = history();
  const opening = ticket([opened, firstArticle]);
  const taken = ticket([{ type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 12, changed } }]);
  const responsible = ticket([
    { type: 'TicketResponsibleChanged', data: { ticketId, from: null, to: 12, changed } },
    { type: 'TicketOwnerChanged', data: { ticketId, from: 12, to: 13, changed } },
  ]);
  const stillResponsible = ticket([laterArticle('Ответ, пока ответственный')]);
  const released = ticket([
    { type: 'TicketResponsibleChanged', data: { ticketId, from: 12, to: 13, changed } },
  ]);
  const article = ticket([laterArticle('Ответ после передачи')]);
  const edits = (batch: readonly RecordedEvent[]) =>
    `select chat_id::int as chat, params->>'excerpt' as excerpt from notifications.outbox
     where chat_id = 5001 and edits is not null and dedupe_key like '${batch[0]?.eventId}:%'`;
  // Owner no more but responsible: still told.
  await reactor(t)
    .given([...base, ...opening, ...taken, ...responsible])
    .when(stillResponsible)
    .thenRows(edits(stillResponsible), [{ chat: 5001, excerpt: 'Ответ, пока ответственный' }]);
  // Neither: the private chat learns nothing more.
  await reactor(t)
    .given([...base, ...opening, ...taken, ...responsible, ...stillResponsible, ...released])
    .when(article)
    .thenRows(edits(article), []);
});

test('a forget scrubs what the reactor keeps of its subjects, so the next edit sends none of it again', async (t) => {
  // The customer's and the agent's keys are tombstoned (committed: the spec's transaction reads them).
  for (const subject of ['otrs-customer-k1', 'otrs-agent-12']) {
    await t.context.database.pool.query(
      `insert into core.personal_data_keys (subject_id, wrapped_key, master_key_id, forgotten_at)
       values ($1, null, null, now()) on conflict (subject_id) do nothing`,
      [subject],
    );
  }
  const { base, ticket, log } = history();
  const opening = ticket([opened, firstArticle]);
  const taken = ticket([{ type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 12, changed } }]);
  const forgotten = log.append('employee-e1', [
    as({ type: 'EmployeeForgotten', data: { employeeId: 'e1' } }),
  ]);
  const closed = ticket([
    {
      type: 'TicketStateChanged',
      data: {
        ticketId,
        from: opened.data.state,
        to: { state: 'closed successful', stateType: 'closed' },
        changed,
      },
    },
  ]);
  await reactor(t)
    .given([...base, ...opening, ...taken, ...forgotten])
    .when(closed)
    .thenRows(
      `select chat_id::int as chat, params->>'title' as title, params->>'customer' as customer,
         params->>'excerpt' as excerpt, params->'owner'->>'login' as owner
       from notifications.outbox where dedupe_key like '${closed[0]?.eventId}:%' order by id`,
      [
        { chat: -1001, title: null, customer: null, excerpt: null, owner: null },
        // The owner's private chat: the agent is forgotten, so not theirs any more either.
      ],
    );
  await reactor(t)
    .given([...base, ...opening, ...taken, ...forgotten])
    .thenRows(
      `select (select count(*)::int from notifications.otrs_notice_tickets
               where title is not null or customer is not null or excerpt is not null) as tickets,
              (select count(*)::int from notifications.otrs_notice_agents) as agents,
              (select count(*)::int from notifications.outbox where status = 'pending') as pending,
              -- The rows still to be sent, written before the forget, hold none of it either (review S5).
              (select count(*)::int from notifications.outbox where status = 'pending' and (
                 params->>'title' is not null or params->>'customer' is not null
                 or params->>'excerpt' is not null or params->'owner'->>'login' is not null)) as told`,
      [{ tickets: 0, agents: 0, pending: 4, told: 0 }],
    );
});

test('a Telegram user forgotten loses their link and their personal cards', async (t) => {
  const { base, ticket, log } = history();
  const opening = ticket([opened, firstArticle]);
  const taken = ticket([{ type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 12, changed } }]);
  const forgotten = log.append('telegram-user-5001', [
    as({ type: 'TelegramUserForgotten', data: { telegramUserId: 5001 } }),
  ]);
  await reactor(t)
    .given([...base, ...opening, ...taken])
    .when(forgotten)
    .thenRows(
      `select (select count(*)::int from notifications.otrs_notice_links) as links,
              (select count(*)::int from notifications.otrs_notice_cards where personal) as personal`,
      [{ links: 0, personal: 0 }],
    );
});
