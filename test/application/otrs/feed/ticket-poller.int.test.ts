import { randomBytes } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Registry } from 'prom-client';
import {
  type FeedWatermark,
  createTicketPoller,
  makeTicketFeed,
} from '../../../../application/otrs/feed/index.ts';
import { type LeaseManager, randomIds, systemClock } from '../../../../application/ports/index.ts';
import { type MemoryLeaseTable, createMemoryLeaseManager } from '../../../../infrastructure/leases/index.ts';
import { createOtrsMetrics } from '../../../../infrastructure/metrics/index.ts';
import {
  createOtrsClient,
  createServiceSession,
  otrsCustomerKeys,
  otrsSearchStart,
  parseOtrsTime,
  postgresFeedWatermark,
} from '../../../../infrastructure/otrs/index.ts';
import { parseMasterKey } from '../../../../infrastructure/personal-data/index.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { type EventStoreContext, withEventStore } from '../../../support/event-store-fixture.ts';
import { type LocalOtrsServer, startLocalOtrsServer } from '../../../support/otrs-server/index.ts';

// The poller and the feed as the runtime composes them, against the local OTRS server through the real client
// and a real event log; each test has tickets of its own (their ids apart) and a watermark of its own.
const test = anyTest as TestFn<EventStoreContext>;
withEventStore(test);

const TIME_ZONE = 'Europe/Berlin';
const masterKey = parseMasterKey(randomBytes(32).toString('hex'));
let nextFirstId = 1000;

async function setUp(t: ExecutionContext<EventStoreContext>, options: { searchLimit?: number } = {}) {
  const otrs = await startLocalOtrsServer({ timeZone: TIME_ZONE, firstTicketId: (nextFirstId += 1000) });
  t.teardown(() => otrs.close());
  otrs.state.addAgent('tbot-feed', 'feed-password');
  const logger = captureLogger();
  // No retries, a high threshold: one failed request is one failed read, and the circuit stays closed.
  const gateway = createOtrsClient({
    baseUrl: otrs.baseUrl,
    webservice: otrs.webservice,
    timeZone: TIME_ZONE,
    timeoutMs: 2000,
    retryDelaysMs: [],
    failureThreshold: 1000,
    metrics: createOtrsMetrics(new Registry()),
    logger,
  });
  const session = createServiceSession(gateway, { login: 'tbot-feed', password: 'feed-password' });
  if (!masterKey) throw new Error('no master key');
  const feed = makeTicketFeed({
    store: t.context.store,
    gateway,
    session,
    customerKeys: otrsCustomerKeys(masterKey),
    forgottenAmong: () => Promise.resolve(new Set()),
    warnBeforeSeconds: () => 3600,
    logger,
    clock: systemClock,
    ids: randomIds,
  });
  const watermark = postgresFeedWatermark(t.context.database.pool, `test-${nextFirstId}`);
  const table: MemoryLeaseTable = new Map();
  const leases = createMemoryLeaseManager({ nodeId: 'node-a', table });
  const otherNode = createMemoryLeaseManager({ nodeId: 'node-b', table });
  const poller = (deps: { watermark?: FeedWatermark; leases?: LeaseManager } = {}) =>
    createTicketPoller({
      feed,
      gateway,
      session,
      watermark: deps.watermark ?? watermark,
      leases: deps.leases ?? leases,
      everyMs: 1000,
      searchStart: (mark, now, marginMs) => otrsSearchStart(mark, now, marginMs, TIME_ZONE),
      clock: systemClock,
      logger,
      marginMs: 0,
      ...(options.searchLimit === undefined ? {} : { searchLimit: options.searchLimit }),
    });
  return { otrs, feed, watermark, otherNode, poller, logger };
}

async function types(t: ExecutionContext<EventStoreContext>, ticketId: number): Promise<string[]> {
  const { rows } = await t.context.database.pool.query<{ type: string }>(
    'select type from es.events where stream_id = $1 order by revision',
    [`otrs-ticket-${ticketId}`],
  );
  return rows.map((row) => row.type);
}

/** Five open tickets changed ten seconds apart, the oldest ten minutes ago. */
function fiveTickets(otrs: LocalOtrsServer) {
  const start = Date.now() - 10 * 60_000;
  return [0, 1, 2, 3, 4].map((i) =>
    otrs.state.addTicket({
      title: `Ticket ${i}`,
      body: `Body ${i}`,
      createdAt: new Date(start + i * 10_000),
    }),
  );
}

/** The instant OTRS's local `Changed` text names. */
const instantOf = (local: string | undefined): number | undefined =>
  local === undefined ? undefined : parseOtrsTime(local, TIME_ZONE)?.getTime();

test.serial(
  'OTRS down mid-round: the pages read are recorded whole, the watermark stays after the last whole page, and the next round resumes from it',
  async (t) => {
    const { otrs, watermark, poller } = await setUp(t, { searchLimit: 2 });
    const tickets = fiveTickets(otrs);
    // The second page's TicketGet fails: OTRS goes away in the middle of a round.
    otrs.faults.add({ kind: 'html' }, { operation: 'TicketGet', after: 1, times: 1 });
    const node = poller();
    const error = await t.throwsAsync(node.runOnce());
    t.is((error as { code?: string } | undefined)?.code, 'OTRS.UNAVAILABLE');
    const seen = await Promise.all(tickets.map((ticket) => types(t, ticket.id)));
    t.deepEqual(
      seen.map((events) => events.length > 0),
      [true, true, false, false, false],
    );
    t.deepEqual(seen[0], ['TicketOpened', 'TicketArticleAdded']);
    t.is((await watermark.read())?.getTime(), instantOf(tickets[1]?.changed));

    const round = await node.runOnce();
    t.truthy(round);
    for (const ticket of tickets) {
      t.deepEqual(await types(t, ticket.id), ['TicketOpened', 'TicketArticleAdded'], `ticket ${ticket.id}`);
    }
    t.is((await watermark.read())?.getTime(), instantOf(tickets[4]?.changed));
  },
);

test.serial(
  'a restarted poller asks OTRS for the changes after its kept watermark, not for every open ticket',
  async (t) => {
    const { otrs, watermark, poller } = await setUp(t);
    const [older, newer] = fiveTickets(otrs).slice(3);
    await watermark.advance(new Date(instantOf(older?.changed) ?? 0));
    const searchesBefore = otrs.callsOf('TicketSearch').length;
    // Another process's poller (a restart): a lease manager of its own, the same table.
    const round = await poller({ leases: createMemoryLeaseManager({ nodeId: 'node-b' }) }).runOnce();
    const search = otrs.callsOf('TicketSearch')[searchesBefore];
    t.is(search?.data['StateType'], undefined);
    t.is(search?.data['SortBy'], 'Changed');
    t.is(search?.data['OrderBy'], 'Up');
    // The watermark's second minus one (ties on that second), as OTRS's wall clock writes it.
    const since = parseOtrsTime(String(search?.data['TicketLastChangeTimeNewerDate']), TIME_ZONE)?.getTime();
    t.is(since, (instantOf(older?.changed) ?? 0) - 1000);
    t.is(round?.read, 2);
    t.is((await watermark.read())?.getTime(), instantOf(newer?.changed));
  },
);

test.serial('the watermark only moves forward', async (t) => {
  const { watermark } = await setUp(t);
  t.is(await watermark.read(), null);
  await watermark.advance(new Date('2026-12-04T10:00:00Z'));
  await watermark.advance(new Date('2026-12-04T09:00:00Z'));
  t.deepEqual(await watermark.read(), new Date('2026-12-04T10:00:00Z'));
  await watermark.advance(new Date('2026-12-04T11:00:00Z'));
  t.deepEqual(await watermark.read(), new Date('2026-12-04T11:00:00Z'));
});

test.serial('one poller at a time: another holder of the lease is left alone', async (t) => {
  const { otrs, poller, otherNode } = await setUp(t);
  fiveTickets(otrs);
  const first = poller();
  t.truthy(await first.runOnce());
  const searches = otrs.callsOf('TicketSearch').length;
  // A second node's poller: the same lease store, another holder.
  const other = poller({ leases: otherNode });
  t.is(await other.runOnce(), null);
  t.is(otrs.callsOf('TicketSearch').length, searches);
});

test.serial('a ticket the webhook recorded is not recorded again by the poller', async (t) => {
  const { otrs, feed, poller } = await setUp(t);
  const [ticket] = fiveTickets(otrs);
  const byWebhook = await feed.record([ticket?.id ?? 0], 'webhook');
  t.true(byWebhook.events > 0);
  const node = poller();
  const round = await node.runOnce();
  t.is(round?.read, 5);
  t.deepEqual(await types(t, ticket?.id ?? 0), ['TicketOpened', 'TicketArticleAdded']);
  const again = await node.runOnce();
  t.is(again?.events, 0);
});
