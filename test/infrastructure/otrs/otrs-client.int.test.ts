import test, { type ExecutionContext } from 'ava';
import { Registry } from 'prom-client';
import { DomainError } from '../../../domain/shared/index.ts';
import { createOtrsMetrics } from '../../../infrastructure/metrics/index.ts';
import {
  createOtrsClient,
  createServiceSession,
  type OtrsClientOptions,
} from '../../../infrastructure/otrs/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { startLocalOtrsServer } from '../../support/otrs-server/index.ts';

const PASSWORD = 'anna-secret-pw';

async function setUp(t: ExecutionContext, options: Partial<OtrsClientOptions> = {}) {
  const server = await startLocalOtrsServer({ timeZone: 'Europe/Berlin' });
  t.teardown(() => server.close());
  server.state.addAgent('anna', PASSWORD);
  server.state.addAgent('boris', 'boris-secret-pw');
  const registry = new Registry();
  const logger = captureLogger();
  const client = createOtrsClient({
    baseUrl: server.baseUrl,
    webservice: server.webservice,
    timeZone: 'Europe/Berlin',
    timeoutMs: 1000,
    retryDelaysMs: [10, 20],
    metrics: createOtrsMetrics(registry),
    logger,
    ...options,
  });
  return { server, client, registry, logger };
}

async function requests(registry: Registry, operation: string, outcome: string): Promise<number> {
  const metric = await registry.getSingleMetric('tbot_otrs_requests_total')?.get();
  const found = metric?.values.find((v) => v.labels.operation === operation && v.labels.outcome === outcome);
  return found?.value ?? 0;
}

async function refusal(t: ExecutionContext, work: Promise<unknown>): Promise<DomainError> {
  const error = await t.throwsAsync(work);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

function noSecretIn(t: ExecutionContext, what: unknown, secrets: readonly string[]) {
  const text = JSON.stringify(what);
  for (const secret of secrets) t.false(text.includes(secret), 'a credential was written out');
}

test('an agent logs in, and a wrong password is OTRS.AUTH_FAILED although OTRS answers 200', async (t) => {
  const { server, client, registry, logger } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  t.true(server.state.sessions.has(session.sessionId));

  const error = await refusal(t, client.createSession('anna', 'wrong-password'));
  t.is(error.code, 'OTRS.AUTH_FAILED');
  t.is(error.context.otrsCode, 'SessionCreate.AuthFail');
  t.is(server.callsOf('SessionCreate').at(-1)?.outcome, 'error:SessionCreate.AuthFail');
  t.is(server.callsOf('SessionCreate').length, 2, 'a refused login is not sent again');
  t.is(await requests(registry, 'SessionCreate', 'auth_failed'), 1);
  t.is(await requests(registry, 'SessionCreate', 'ok'), 1);
  t.regex(
    await registry.metrics(),
    /^tbot_otrs_request_duration_seconds_count\{operation="SessionCreate"\} 2$/m,
  );
  noSecretIn(
    t,
    [error.message, error.context, logger.lines],
    [PASSWORD, 'wrong-password', session.sessionId],
  );
});

test('a session OTRS ended is OTRS.SESSION_EXPIRED; the service session logs in again by itself', async (t) => {
  const { server, client, registry } = await setUp(t);
  server.state.addTicket({ title: 'VPN' });
  const session = await client.createSession('anna', PASSWORD);
  server.expireSessions('anna');
  const error = await refusal(t, client.searchTickets(session, {}));
  t.is(error.code, 'OTRS.SESSION_EXPIRED');
  t.is(server.callsOf('TicketSearch').length, 1, 'not retried');
  t.is(await requests(registry, 'TicketSearch', 'session_expired'), 1);

  const service = createServiceSession(client, { login: 'anna', password: PASSWORD });
  t.deepEqual(await service.run((s) => client.searchTickets(s, {})), [1]);
  server.expireSessions();
  t.deepEqual(await service.run((s) => client.searchTickets(s, {})), [1]);
  t.is(server.callsOf('SessionCreate').length, 3, 'one login at first, one after the expiry');
  // The password travels only in SessionCreate's body, never in a URL.
  t.true(server.calls.filter((c) => c.operation !== 'SessionCreate').every((c) => !('Password' in c.data)));
});

test('an empty search is {} from OTRS and no ids here; ids come as strings and leave as numbers', async (t) => {
  const { server, client } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  t.deepEqual(await client.searchTickets(session, { queues: ['Junk'] }), []);
  server.state.addTicket({ title: 'One', queue: 'Junk' });
  server.state.addTicket({ title: 'Two', queue: 'Misc', state: 'closed successful' });
  server.state.addTicket({ title: 'Three', queue: 'Misc' });
  t.deepEqual(await client.searchTickets(session, { queues: ['Junk'] }), [1]);
  t.deepEqual((await client.searchTickets(session, { queueIds: [4], openOnly: true })).sort(), [3]);
  t.deepEqual((await client.searchTickets(session, { ticketIds: [1, 2] })).sort(), [1, 2]);
  t.deepEqual(await client.searchTickets(session, { ticketIds: [] }), [], 'nothing asked, nothing sent');
  t.is(server.callsOf('TicketSearch').length, 4);
});

test('changed since is sent as the server’s wall clock and finds only later changes', async (t) => {
  const { server, client } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  server.state.addTicket({ title: 'Summer', createdAt: new Date('2026-07-15T08:00:00Z') });
  server.state.addTicket({ title: 'Winter', createdAt: new Date('2026-01-15T08:00:00Z') });
  t.deepEqual(await client.searchTickets(session, { changedSince: new Date('2026-07-15T07:59:59Z') }), [1]);
  t.deepEqual(await client.searchTickets(session, { changedSince: new Date('2026-07-15T08:00:00Z') }), []);
  t.is(server.callsOf('TicketSearch')[0]?.data.TicketLastChangeTimeNewerDate, '2026-07-15 09:59:59');
  t.deepEqual(
    (await client.searchTickets(session, { changedSince: new Date('2026-01-15T07:00:00Z') })).sort(),
    [1, 2],
  );
});

test('a ticket is read with its times in the server’s zone, its articles only on demand', async (t) => {
  const { server, client } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  const solutionAt = new Date('2026-07-16T08:00:00Z');
  server.state.addTicket({
    title: 'Mail down',
    body: 'Since 9 am',
    createdAt: new Date('2026-07-15T08:00:00.400Z'),
    escalationSolutionAt: solutionAt,
  });
  const [ticket] = await client.getTickets(session, [1]);
  t.is(ticket?.id, 1);
  t.is(ticket?.queueId, 2);
  t.is(ticket?.createdAt.toISOString(), '2026-07-15T08:00:00.000Z');
  t.is(ticket?.escalation.solutionAt?.toISOString(), solutionAt.toISOString());
  t.is(ticket?.escalation.firstResponseAt, null);
  t.is(ticket?.articles, undefined);
  t.false('AllArticles' in (server.callsOf('TicketGet')[0]?.data ?? {}));

  const [withArticles] = await client.getTickets(session, [1], { articles: true });
  t.is(withArticles?.articles?.[0]?.body, 'Since 9 am');
  t.is(withArticles?.articles?.[0]?.createdAt.toISOString(), '2026-07-15T08:00:00.000Z');
});

test('a ticket that does not exist is OTRS.TICKET_NOT_FOUND, an unknown state OTRS.REFUSED with OTRS’s words', async (t) => {
  const { server, client } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  t.is((await refusal(t, client.getTickets(session, [99]))).code, 'OTRS.TICKET_NOT_FOUND');
  t.is((await refusal(t, client.getTicketHistory(session, 99))).code, 'OTRS.TICKET_NOT_FOUND');
  t.is((await refusal(t, client.updateTicket(session, 99, { state: 'open' }))).code, 'OTRS.TICKET_NOT_FOUND');
  server.state.addTicket({ title: 'Real' });
  const refused = await refusal(t, client.updateTicket(session, 1, { state: 'on fire' }));
  t.is(refused.code, 'OTRS.REFUSED');
  t.is(refused.context.otrsMessage, 'TicketUpdate: Ticket->State parameter is invalid!');
  t.is(server.state.tickets.get(1)?.stateId, 1, 'nothing changed');
});

test('an update takes, notes and closes as the session’s agent, and the history names each step’s agent', async (t) => {
  const { server, client } = await setUp(t);
  const anna = server.state.agents.get('anna');
  const session = await client.createSession('anna', PASSWORD);
  server.state.addTicket({ title: 'Printer' });
  const took = await client.updateTicket(session, 1, { lock: 'lock', ownerLogin: 'anna', state: 'open' });
  t.deepEqual(took, {
    ticketId: 1,
    ticketNumber: server.state.tickets.get(1)?.number ?? '',
    articleId: null,
  });
  const noted = await client.updateTicket(session, 1, { note: { subject: 'Note', body: 'Toner replaced' } });
  t.is(typeof noted.articleId, 'number');
  await client.updateTicket(session, 1, { state: 'closed successful' });

  const history = await client.getTicketHistory(session, 1);
  const byAnna = history.filter((line) => line.createdBy === anna?.id).map((line) => line.type);
  t.deepEqual(byAnna, ['Lock', 'OwnerUpdate', 'StateUpdate', 'AddNote', 'StateUpdate']);
  t.is(history.find((line) => line.type === 'AddNote')?.articleId, noted.articleId);
  const note = server.state.tickets.get(1)?.articles.find((a) => a.id === noted.articleId);
  t.false(note?.isVisibleForCustomer, 'an internal note');
});

test('a colleague’s change between a read and an update shows in the history, between the two', async (t) => {
  const { server, client } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  server.state.addTicket({ title: 'Shared' });
  server.faults.add({ kind: 'changeAfterRead', ticketId: 1, by: 'boris', change: { owner: 'boris' } });
  const [read] = await client.getTickets(session, [1]);
  t.is(read?.owner, 'root@localhost');
  await client.updateTicket(session, 1, { state: 'open' });
  const [after] = await client.getTickets(session, [1]);
  t.is(after?.owner, 'boris', 'OTRS keeps the colleague’s change: it has no optimistic concurrency');
  const history = await client.getTicketHistory(session, 1);
  const steps = history.slice(-2).map((line) => [line.type, line.createdBy]);
  t.deepEqual(steps, [
    ['OwnerUpdate', server.state.agents.get('boris')?.id],
    ['StateUpdate', server.state.agents.get('anna')?.id],
  ]);
});

test('a slow answer times out and a read is sent again; an update is not', async (t) => {
  const { server, client, registry } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  server.state.addTicket({ title: 'Slow' });
  server.faults.add({ kind: 'slow', delayMs: 2500 }, { operation: 'TicketGet' });
  const [ticket] = await client.getTickets(session, [1]);
  t.is(ticket?.title, 'Slow');
  t.is(server.callsOf('TicketGet').length, 2);
  t.is(await requests(registry, 'TicketGet', 'timeout'), 1);
  t.is(await requests(registry, 'TicketGet', 'ok'), 1);

  server.faults.add({ kind: 'slow', delayMs: 2500 }, { operation: 'TicketUpdate' });
  const error = await refusal(t, client.updateTicket(session, 1, { state: 'open' }));
  t.is(error.code, 'OTRS.UNAVAILABLE');
  t.is(error.context.reason, 'timeout');
  t.is(server.callsOf('TicketUpdate').length, 1, 'an update is never sent twice');
  // Why: the slow update was made all the same; a second one would have been made twice.
  t.is(server.state.tickets.get(1)?.stateId, 4);
});

test('a dropped connection is retried for a read and is OTRS.UNAVAILABLE for an update', async (t) => {
  const { server, client, registry } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  server.state.addTicket({ title: 'Dropped' });
  server.faults.add({ kind: 'drop' }, { operation: 'TicketHistoryGet' });
  t.true((await client.getTicketHistory(session, 1)).length > 0);
  t.is(server.callsOf('TicketHistoryGet').length, 2);
  t.is(await requests(registry, 'TicketHistoryGet', 'connection'), 1);

  server.faults.add({ kind: 'drop' }, { operation: 'TicketUpdate' });
  const error = await refusal(t, client.updateTicket(session, 1, { state: 'open' }));
  t.is(error.code, 'OTRS.UNAVAILABLE');
  t.is(error.context.reason, 'connection');
  t.is(server.callsOf('TicketUpdate').length, 1);
});

test('an HTML page from a proxy is OTRS.UNAVAILABLE once the read’s retries are spent', async (t) => {
  const { server, client, registry, logger } = await setUp(t);
  const session = await client.createSession('anna', PASSWORD);
  server.faults.add({ kind: 'html' }, { operation: 'TicketSearch', times: 3 });
  const error = await refusal(t, client.searchTickets(session, {}));
  t.is(error.code, 'OTRS.UNAVAILABLE');
  t.is(error.context.reason, 'bad_answer');
  t.is(error.context.detail, 'HTTP 502 text/html');
  t.is(server.callsOf('TicketSearch').length, 3);
  t.is(await requests(registry, 'TicketSearch', 'bad_answer'), 3);
  const warnings = logger.lines.filter((line) => line.message === 'OTRS request failed');
  t.is(warnings.length, 3);
  noSecretIn(t, [logger.lines, error], [session.sessionId, PASSWORD]);
});

test('the circuit opens after failures in a row, fails fast while open, and a probe closes it', async (t) => {
  let now = 0;
  const { server, client, registry } = await setUp(t, {
    failureThreshold: 3,
    openMs: 30_000,
    retryDelaysMs: [],
    now: () => now,
  });
  const session = await client.createSession('anna', PASSWORD);
  server.faults.add({ kind: 'drop' }, { operation: 'TicketSearch', times: 3 });
  for (let i = 0; i < 3; i += 1)
    t.is((await refusal(t, client.searchTickets(session, {}))).context.reason, 'connection');
  t.is(client.circuitState(), 'open');

  const fast = await refusal(t, client.searchTickets(session, {}));
  t.is(fast.code, 'OTRS.UNAVAILABLE');
  t.is(fast.context.reason, 'circuit_open');
  t.is(server.callsOf('TicketSearch').length, 3, 'nothing sent while open');
  t.is(await requests(registry, 'TicketSearch', 'circuit_open'), 1);

  now += 30_000;
  t.is(client.circuitState(), 'half-open');
  t.deepEqual(await client.searchTickets(session, {}), []);
  t.is(client.circuitState(), 'closed');
  t.is(server.callsOf('TicketSearch').length, 4);
});

test('operation errors keep the circuit closed: OTRS answered', async (t) => {
  const { client } = await setUp(t, { failureThreshold: 2 });
  for (let i = 0; i < 4; i += 1) await refusal(t, client.createSession('anna', 'wrong'));
  t.is(client.circuitState(), 'closed');
});

test('a server that is not there is OTRS.UNAVAILABLE (connection refused)', async (t) => {
  const { server, client } = await setUp(t, { retryDelaysMs: [] });
  const session = await client.createSession('anna', PASSWORD);
  await server.close();
  const error = await refusal(t, client.searchTickets(session, {}));
  t.is(error.code, 'OTRS.UNAVAILABLE');
  t.is(error.context.reason, 'connection');
});

test('a wrong web service name is OTRS.UNAVAILABLE and not retried', async (t) => {
  const { server, client } = await setUp(t, { webservice: 'NoSuchService' });
  const error = await refusal(t, client.createSession('anna', PASSWORD));
  t.is(error.code, 'OTRS.UNAVAILABLE');
  t.is(error.context.detail, 'HTTP 404 text/plain');
  t.is(server.calls.length, 1);
});
