import anyTest, { type TestFn } from 'ava';
import { eventually as within } from '../../../support/eventually.ts';
import {
  type FeedFixture,
  WEBHOOK_SECRET,
  actorsOf,
  startFeedFixture,
  ticketEventTypes,
} from './otrs-feed-fixture.ts';

// `tbot serve` polling the local OTRS server every second (its lease held by the one node).
// Generous bounds: a loaded machine (other suites running) must not fail a test that only waits.
const until = <T>(probe: () => Promise<T> | T) => within(probe, 30_000);

const test = (anyTest as TestFn<FeedFixture>).serial;

test.before(async (t) => {
  t.context = await startFeedFixture({ OTRS_POLL_INTERVAL_MS: '1000' });
});

test.after.always(async (t) => {
  await t.context.stop?.();
});

const watermark = async (t: { context: FeedFixture }): Promise<Date | null> => {
  const { rows } = await t.context.api.database.pool.query<{ changed_until: Date }>(
    "select changed_until from otrs.feed_watermarks where name = 'otrs'",
  );
  return rows[0]?.changed_until ?? null;
};

const count = (types: readonly string[], type: string) => types.filter((t) => t === type).length;

test('the poller records a ticket and a change made in OTRS without any webhook, and keeps a watermark', async (t) => {
  const { otrs, api } = t.context;
  const ticket = otrs.state.addTicket({
    title: 'Mail is slow',
    body: 'Very slow.',
    customerUserId: 'eve@example.com',
  });
  const opened = await until(async () => (await ticketEventTypes(api.database.pool, ticket.id)).length > 0);
  t.true(opened);
  t.deepEqual(await ticketEventTypes(api.database.pool, ticket.id), ['TicketOpened', 'TicketArticleAdded']);
  t.deepEqual(await actorsOf(api.database.pool, ticket.id, 'TicketOpened'), ['otrs-poller']);
  const first = await watermark(t);
  t.truthy(first);

  const anna = otrs.state.agents.get('anna.agent');
  if (!anna) throw new Error('no agent');
  otrs.state.change(ticket, anna.id, { state: 'open', owner: 'anna.agent' });
  const changed = await until(async () =>
    (await ticketEventTypes(api.database.pool, ticket.id)).includes('TicketStateChanged'),
  );
  t.true(changed);
  t.deepEqual(await ticketEventTypes(api.database.pool, ticket.id), [
    'TicketOpened',
    'TicketArticleAdded',
    'TicketStateChanged',
    'TicketOwnerChanged',
  ]);
  t.true(((await watermark(t))?.getTime() ?? 0) >= (first?.getTime() ?? Infinity));
  const metrics = await (await fetch(`${api.node.baseUrl}/metrics`)).text();
  t.regex(metrics, /tbot_otrs_feed_watermark_age_seconds \d/);
  t.regex(metrics, /tbot_otrs_feed_events_total\{via="poller"\} [1-9]/);
});

test('a change the webhook and the poller both see is recorded once', async (t) => {
  const { otrs, api, webhookUrl } = t.context;
  otrs.invoker.connect({ url: webhookUrl, secret: WEBHOOK_SECRET });
  t.teardown(() => otrs.invoker.disconnect());
  const ticket = otrs.state.addTicket({ title: 'Laptop broken', body: 'Screen black.' });
  await otrs.invoker.settled();
  const anna = otrs.state.agents.get('anna.agent');
  if (!anna) throw new Error('no agent');
  otrs.state.change(ticket, anna.id, { state: 'pending reminder' });
  await otrs.invoker.settled();
  const gets = () =>
    otrs
      .callsOf('TicketGet')
      .filter((call) => call.path.endsWith(`/Ticket/${ticket.id}`) || call.path.includes(`${ticket.id}`))
      .length;
  const before = gets();
  // Two more poller rounds have read the changed ticket (its margin keeps it in every round for a minute).
  t.true(await until(() => gets() >= before + 2));
  const delivered = otrs.invoker.deliveries.filter((d) => d.ticketId === ticket.id);
  t.true(delivered.some((d) => d.event === 'TicketStateUpdate' && d.status === 200));
  const types = await ticketEventTypes(api.database.pool, ticket.id);
  t.is(count(types, 'TicketOpened'), 1);
  t.is(count(types, 'TicketArticleAdded'), 1);
  t.is(count(types, 'TicketStateChanged'), 1);
});

test('OTRS down: the poller records nothing while it cannot search, keeps its watermark, and resumes from it', async (t) => {
  const { otrs, api } = t.context;
  const anna = otrs.state.agents.get('anna.agent');
  if (!anna) throw new Error('no agent');
  const ticket = otrs.state.addTicket({ title: 'Phone dead', body: 'No tone.' });
  t.true(await until(async () => (await ticketEventTypes(api.database.pool, ticket.id)).length > 0));

  // One round's TicketSearch fails, with the client's retries (three tries: below the circuit's five).
  const html = () => otrs.callsOf('TicketSearch').filter((call) => call.outcome === 'html').length;
  otrs.faults.add({ kind: 'html' }, { operation: 'TicketSearch', times: 3 });
  // Once the first try has failed, the round before has ended: no read can pick up what changes now.
  t.true(await until(() => html() >= 1));
  const held = await watermark(t);
  otrs.state.change(ticket, anna.id, { priority: '5 very high' });
  t.true(await until(() => html() >= 3));
  t.is(count(await ticketEventTypes(api.database.pool, ticket.id), 'TicketPriorityChanged'), 0);
  t.deepEqual(await watermark(t), held);

  // OTRS answers again: the next round resumes from the watermark and records the change, once.
  t.true(
    await until(
      async () => count(await ticketEventTypes(api.database.pool, ticket.id), 'TicketPriorityChanged') === 1,
    ),
  );
  t.true(((await watermark(t))?.getTime() ?? 0) >= (held?.getTime() ?? Infinity));
});
