import anyTest, { type TestFn } from 'ava';
import { eventually as within } from '../../../support/eventually.ts';
import {
  AGENT,
  type FeedFixture,
  WEBHOOK_SECRET,
  actorsOf,
  otrsOperation,
  postWebhook,
  startFeedFixture,
  ticketEventTypes,
} from './otrs-feed-fixture.ts';

// `tbot serve` against the local OTRS server with its Invoker pointed at the node's webhook. The poller runs
// once at start (nothing to read yet) and then not for an hour: what is recorded here came through the webhook.
// Generous bounds: a loaded machine (other suites running) must not fail a test that only waits.
const until = <T>(probe: () => Promise<T> | T) => within(probe, 30_000);

const test = (anyTest as TestFn<FeedFixture>).serial;

test.before(async (t) => {
  t.context = await startFeedFixture({ OTRS_POLL_INTERVAL_MS: '3600000' });
  // The poller's first round has searched (and found nothing) before any ticket exists.
  await until(() => t.context.otrs.callsOf('TicketSearch').length > 0);
});

test.after.always(async (t) => {
  await t.context.stop?.();
});

const event = (ticketId: number | string) =>
  JSON.stringify({ Event: { TicketID: String(ticketId), Event: 'TicketCreate' }, Ticket: {} });

test('a call from a foreign address, without the secret, with a wrong one or a malformed body is refused, reads nothing and is logged with its source', async (t) => {
  const { otrs, api, webhookUrl } = t.context;
  const ticket = otrs.state.addTicket({ title: 'Printer on fire', body: 'It smokes.' });
  const secret = { 'X-TBot-Webhook-Secret': WEBHOOK_SECRET };

  const foreign = await postWebhook(webhookUrl, event(ticket.id), {
    ...secret,
    'X-Forwarded-For': '203.0.113.9',
  });
  t.is(foreign.status, 403);
  t.is((await postWebhook(webhookUrl, event(ticket.id), {})).status, 401);
  t.is(
    (await postWebhook(webhookUrl, event(ticket.id), { 'X-TBot-Webhook-Secret': 'wrong-secret-000000' }))
      .status,
    401,
  );
  const basicWrong = `Basic ${Buffer.from('otrs:nope').toString('base64')}`;
  t.is((await postWebhook(webhookUrl, event(ticket.id), { Authorization: basicWrong })).status, 401);
  t.is((await postWebhook(webhookUrl, '{"Event": {"TicketID": ', secret)).status, 400);
  t.is((await postWebhook(webhookUrl, '{"Event": {}}', secret)).status, 400);
  t.is((await postWebhook(webhookUrl, '{"TicketID": "-4"}', secret)).status, 400);
  t.is(
    (await postWebhook(webhookUrl, JSON.stringify({ TicketID: 1, pad: 'x'.repeat(1_100_000) }), secret))
      .status,
    413,
  );

  t.is(otrs.callsOf('TicketGet').length, 0, 'no refused call made TBot read a ticket');
  t.deepEqual(await ticketEventTypes(api.database.pool, ticket.id), []);
  const refusals = api.node.logs.filter((line) => line['msg'] === 'OTRS webhook call refused');
  t.is(refusals.length, 8);
  t.true(refusals.some((line) => line['source'] === '203.0.113.9' && line['status'] === 403));
  t.true(refusals.every((line) => typeof line['source'] === 'string' && line['source'] !== ''));
  t.false(JSON.stringify(refusals).includes(WEBHOOK_SECRET), 'the secret is never logged');
  const metrics = await (await fetch(`${api.node.baseUrl}/metrics`)).text();
  t.regex(metrics, /tbot_otrs_webhook_calls_total\{outcome="forbidden"\} 1\n/);
  t.regex(metrics, /tbot_otrs_webhook_calls_total\{outcome="unauthorized"\} 3\n/);
  t.regex(metrics, /tbot_otrs_webhook_calls_total\{outcome="bad_request"\} 3\n/);
  t.regex(metrics, /tbot_otrs_webhook_calls_total\{outcome="too_large"\} 1\n/);
});

test('the Invoker reports a new ticket and its changes; each change is recorded once, however often it is reported', async (t) => {
  const { otrs, api, webhookUrl } = t.context;
  otrs.invoker.connect({ url: webhookUrl, secret: WEBHOOK_SECRET });

  const created = await otrsOperation(otrs, 'POST', '/Ticket', {
    Ticket: {
      Title: 'VPN is down',
      Queue: 'Raw',
      State: 'new',
      Priority: '3 normal',
      CustomerUser: 'bob@example.com',
    },
    Article: {
      Subject: 'VPN',
      Body: 'Since this morning\nnothing connects.',
      ContentType: 'text/plain; charset=utf8',
    },
  });
  const ticketId = Number(created['TicketID']);
  t.true(ticketId > 0);
  await otrs.invoker.settled();
  // Both calls run at once, as Znuny's scheduler may run them; their answers come in either order.
  const delivered = otrs.invoker.deliveries.filter((d) => d.ticketId === ticketId);
  t.deepEqual(delivered.map((d) => `${d.event}:${d.status}`).sort(), [
    'ArticleCreate:200',
    'TicketCreate:200',
  ]);
  t.deepEqual(await ticketEventTypes(api.database.pool, ticketId), ['TicketOpened', 'TicketArticleAdded']);
  t.deepEqual(await actorsOf(api.database.pool, ticketId, 'TicketOpened'), ['otrs-webhook']);
  // Its owner (the agent who created it) is named with their login on the agent's own stream.
  const anna = otrs.state.agents.get(AGENT.login);
  const { rows } = await api.database.pool.query<{ type: string }>(
    'select type from es.events where stream_id = $1',
    [`otrs-agent-${anna?.id}`],
  );
  t.deepEqual(
    rows.map((row) => row.type),
    ['OtrsAgentSeen'],
  );

  const updated = await otrsOperation(otrs, 'PATCH', `/Ticket/${ticketId}`, { Ticket: { State: 'open' } });
  t.is(updated['TicketID'], String(ticketId));
  await otrs.invoker.settled();
  t.deepEqual(await ticketEventTypes(api.database.pool, ticketId), [
    'TicketOpened',
    'TicketArticleAdded',
    'TicketStateChanged',
  ]);

  // OTRS reports the same change again (its scheduler retries), once with Basic auth, once as a bare id.
  const basic = `Basic ${Buffer.from(`otrs:${WEBHOOK_SECRET}`).toString('base64')}`;
  const again = await postWebhook(webhookUrl, event(ticketId), { Authorization: basic });
  t.is(again.status, 200);
  t.deepEqual(await again.json(), { ok: true, events: 0 });
  const bare = await postWebhook(webhookUrl, JSON.stringify({ TicketID: ticketId }));
  t.deepEqual(await bare.json(), { ok: true, events: 0 });
  t.is(
    (await ticketEventTypes(api.database.pool, ticketId)).filter((type) => type === 'TicketStateChanged')
      .length,
    1,
  );

  const health = (await (await fetch(`${api.node.baseUrl}/health`)).json()) as {
    features?: { otrs?: string };
  };
  t.is(health.features?.otrs, 'on');
});

test('a ticket OTRS does not have is answered 200 with nothing recorded', async (t) => {
  const { api, webhookUrl } = t.context;
  const response = await postWebhook(webhookUrl, event(999_999));
  t.is(response.status, 200);
  t.deepEqual(await response.json(), { ok: true, events: 0 });
  t.deepEqual(await ticketEventTypes(api.database.pool, 999_999), []);
});

test('OTRS unavailable: the call is answered 503 with Retry-After and nothing is written', async (t) => {
  const { otrs, api, webhookUrl } = t.context;
  otrs.invoker.disconnect();
  const ticket = otrs.state.addTicket({ title: 'Disk full', body: 'No space left.' });
  otrs.faults.add({ kind: 'html' }, { operation: 'TicketGet', times: 100 });
  const response = await postWebhook(webhookUrl, event(ticket.id));
  t.is(response.status, 503);
  t.is(response.headers.get('retry-after'), '30');
  t.deepEqual(await ticketEventTypes(api.database.pool, ticket.id), []);
  t.true(otrs.callsOf('TicketGet').some((call) => call.outcome === 'html'));
});
