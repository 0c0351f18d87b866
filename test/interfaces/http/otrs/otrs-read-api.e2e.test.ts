import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { withPersonalDataProtection } from '../../../../application/personal-data/index.ts';
import type { EventStore, NewEvent } from '../../../../application/ports/index.ts';
import { createPostgresEventStore } from '../../../../infrastructure/event-store/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../../infrastructure/personal-data/index.ts';
import type { ApiCall } from '../../../support/api-call.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { otrsTime as time, ticketOpened } from '../../../support/otrs-read-model-fixture.ts';
import { type ServedApi, adminToken, startServedApi } from '../../../support/served-api.ts';
import { TEST_MASTER_KEY } from '../../../support/tbot-process.ts';

// The OTRS reads through HTTP on `tbot serve` (PostgreSQL, Redis, the node's own projections): events
// appended to the log as the feed and the actions would (through the node's personal-data protection), then
// open tickets paged by a keyset cursor and filtered, one ticket by number, the per-agent metrics, and bad
// input refused naming the field.
interface Context {
  api: ServedApi;
  admin: string;
  raw: ReturnType<typeof createPostgresEventStore>;
  store: EventStore;
}
const test = anyTest.serial as TestFn<Context>;
type T = ExecutionContext<Context>;

interface Ticket {
  ticketId: number;
  number: string;
  title: string | null;
  queue: { name: string };
  ownerId: number | null;
  ownerLogin: string | null;
  customer: { userId: string } | null;
}
interface Page {
  items: Ticket[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}

const call = (t: T, path: string, options: ApiCall = {}) =>
  t.context.api.call(path, { token: t.context.admin, ...options });
const json = async <B>(response: Response): Promise<B> => (await response.json()) as B;
const event = (e: { type: string; data: object }, minute = 0): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: time(minute) },
});

test.before(async (t) => {
  t.context.api = await startServedApi({ env: { OTRS_BASE_URL: 'http://127.0.0.1:9/otrs' } });
  t.context.admin = await adminToken(t);
  const { database } = t.context.api;
  const masterKey = parseMasterKey(TEST_MASTER_KEY);
  if (!masterKey) throw new Error('the test master key does not parse');
  t.context.raw = createPostgresEventStore({ pool: database.pool, url: database.url });
  t.context.store = withPersonalDataProtection(t.context.raw, {
    keys: createPostgresPersonalDataKeys({ pool: database.pool, masterKey }),
  });
});

test.after.always(async (t) => {
  await t.context.raw?.close();
  await t.context.api?.stop();
});

test('set-up: tickets, an agent and their link, a take and a close through TBot', async (t) => {
  const { store } = t.context;
  await store.append('otrs-agent-3', [
    event({ type: 'OtrsAgentSeen', data: { agentId: 3, login: 'ivanov' } }),
  ]);
  await store.append('otrs-agent-link-42', [
    event({ type: 'OtrsAgentLinked', data: { telegramUserId: 42, login: 'IVANOV' } }),
  ]);
  for (const n of [1, 2, 3, 4, 5]) {
    await store.append(`otrs-ticket-${n}`, [
      event(ticketOpened(n, { created: time(n), changed: time(n), ownerId: n <= 2 ? 3 : null })),
    ]);
  }
  await store.append('otrs-ticket-6', [
    event(
      ticketOpened(6, { queue: { id: 4, name: 'Hardware' }, state: { state: 'open', stateType: 'open' } }),
    ),
  ]);
  await store.append('otrs-ticket-1', [
    event(
      { type: 'TicketActionSucceeded', data: { ticketId: 1, actionId: 'a1', kind: 'take', requestedBy: 42 } },
      11,
    ),
    event(
      { type: 'TicketLockChanged', data: { ticketId: 1, from: 'unlock', to: 'lock', changed: time(11) } },
      11,
    ),
    event(
      {
        type: 'TicketActionSucceeded',
        data: { ticketId: 1, actionId: 'a2', kind: 'close', requestedBy: 42 },
      },
      31,
    ),
    event(
      {
        type: 'TicketStateChanged',
        data: {
          ticketId: 1,
          from: { state: 'new', stateType: 'new' },
          to: { state: 'closed successful', stateType: 'closed' },
          changed: time(31),
        },
      },
      31,
    ),
  ]);
  const closed = await eventually(async () => {
    const response = await call(t, '/otrs/tickets?queue=Support');
    const page = await json<Page>(response);
    return page.items.length === 4 ? page : undefined;
  }, 15_000);
  t.truthy(closed, 'the node projected the tickets, ticket 1 closed');
});

test('GET /otrs/tickets pages open tickets oldest first by a keyset cursor', async (t) => {
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const response = await call(t, `/otrs/tickets?limit=2${query}`);
    t.is(response.status, 200);
    const page = await json<Page>(response);
    seen.push(...page.items.map((ticket) => ticket.ticketId));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 10);
  t.deepEqual(seen, [6, 2, 3, 4, 5]);
  t.is(pages, 3);
});

test('GET /otrs/tickets filters by queue, owner and state; the personal fields read through the lens', async (t) => {
  const ids = async (query: string) =>
    (await json<Page>(await call(t, `/otrs/tickets?${query}`))).items.map((ticket) => ticket.ticketId);
  t.deepEqual(await ids('owner=3'), [2]);
  t.deepEqual(await ids('queue=HARDWARE'), [6]);
  t.deepEqual(await ids('state=open'), [6]);
  t.deepEqual(await ids(`olderThan=${encodeURIComponent(time(3))}`), [6, 2]);
  const [two] = (await json<Page>(await call(t, '/otrs/tickets?owner=3'))).items;
  t.like(two, {
    title: 'Printer 2 is jammed',
    ownerLogin: 'ivanov',
    customer: { userId: 'customer2@example.com' },
  });
});

test('GET /otrs/tickets/:number answers a ticket, closed too; an unknown number is 404', async (t) => {
  const response = await call(t, '/otrs/tickets/2026120410000001');
  t.is(response.status, 200);
  t.like(await json<Ticket & { closed: boolean; state: string }>(response), {
    ticketId: 1,
    closed: true,
    state: 'closed successful',
  });
  const missing = await call(t, '/otrs/tickets/999');
  t.is(missing.status, 404);
  t.is((await json<Problem>(missing)).code, 'OTRS_TICKET.NOT_FOUND');
});

test('GET /otrs/agents/metrics: per agent, over a range', async (t) => {
  const from = encodeURIComponent('2026-12-04T00:00:00Z');
  const to = encodeURIComponent('2026-12-05T00:00:00Z');
  const response = await call(t, `/otrs/agents/metrics?from=${from}&to=${to}`);
  t.is(response.status, 200);
  const body = await json<{ from: string; agents: unknown[] }>(response);
  t.is(body.from, '2026-12-04T00:00:00.000Z');
  t.deepEqual(body.agents, [
    {
      agentId: 3,
      telegramUserId: 42,
      login: 'ivanov',
      actions: { take: 1, note: 0, reassign: 0, close: 1 },
      actionsByDay: [{ day: '2026-12-04', take: 1, note: 0, reassign: 0, close: 1 }],
      // Created 09:01, taken 09:11, closed 09:31.
      timeToTake: { count: 1, averageSeconds: 600, maxSeconds: 600 },
      timeToClose: { count: 1, averageSeconds: 1800, maxSeconds: 1800 },
    },
  ]);
});

test('bad input is refused naming the field; without a token, 401', async (t) => {
  const refused = async (path: string, field: string) => {
    const response = await call(t, path);
    t.is(response.status, 422, path);
    const problem = await json<Problem>(response);
    t.true(
      problem.errors?.some((error) => error.path === field) ?? false,
      `${path}: ${JSON.stringify(problem)}`,
    );
  };
  await refused('/otrs/tickets?limit=0', 'query.limit');
  await refused('/otrs/tickets?limit=201', 'query.limit');
  await refused('/otrs/tickets?cursor=bm90LWEtY3Vyc29y', 'query.cursor');
  await refused(`/otrs/tickets?queue=${encodeURIComponent('Sup\u0007port')}`, 'query.queue');
  await refused('/otrs/tickets?owner=-1', 'query.owner');
  await refused('/otrs/tickets?sort=age', 'query');
  await refused('/otrs/tickets/12ab', 'params.number');
  await refused('/otrs/agents/metrics?from=2026-12-05T00:00:00Z&to=2026-12-04T00:00:00Z', 'query.to');
  await refused('/otrs/agents/metrics?from=2024-01-01T00:00:00Z&to=2026-12-04T00:00:00Z', 'query.from');
  t.is((await t.context.api.call('/otrs/tickets')).status, 401);
});
