import { randomBytes } from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { Registry } from 'prom-client';
import {
  makeAgentLinkCommands,
  makeTicketActionRunner,
  makeTicketCommands,
} from '../../../application/otrs/index.ts';
import { ticketSubjectOf, toTicketSnapshot } from '../../../application/otrs/feed/index.ts';
import { withPersonalDataProtection } from '../../../application/personal-data/index.ts';
import {
  type EventStore,
  type OtrsAgentSessions,
  type OtrsGateway,
  systemClock,
} from '../../../application/ports/index.ts';
import { otrsTicketStreamId } from '../../../domain/otrs/index.ts';
import { createOtrsMetrics } from '../../../infrastructure/metrics/index.ts';
import {
  type OtrsClient,
  createOtrsClient,
  otrsCustomerKeys,
  otrsLoginClaimKeys,
  postgresOtrsAgentSessions,
} from '../../../infrastructure/otrs/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../../../infrastructure/personal-data/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';
import { type LocalOtrsServer, startLocalOtrsServer } from '../../support/otrs-server/index.ts';

// A note retried (review S6): the worker that made it died, or OTRS's answer was lost after it wrote the
// article. The retry finds the article by the action's id in its subject: posted once, and a second note of
// the same words is still posted.
interface Context extends EventStoreContext {
  otrs: LocalOtrsServer;
  client: OtrsClient;
  protectedStore: EventStore;
  sessions: OtrsAgentSessions;
}
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

const masterKey = masterKeyOf(randomBytes(32));
const claimKeys = otrsLoginClaimKeys(masterKey);
const customerKeys = otrsCustomerKeys(masterKey);
const write = { metadata: testMetadata };
const ANNA = 4301;

test.before(async (t) => {
  const { pool } = t.context.database;
  const keys = createPostgresPersonalDataKeys({ pool, masterKey });
  t.context.protectedStore = withPersonalDataProtection(t.context.store, { keys });
  t.context.sessions = postgresOtrsAgentSessions({ pool, keys });
  t.context.otrs = await startLocalOtrsServer({ timeZone: 'Europe/Berlin' });
  t.context.otrs.state.addAgent('anna', 'anna-pw-1');
  t.context.client = createOtrsClient({
    baseUrl: t.context.otrs.baseUrl,
    webservice: t.context.otrs.webservice,
    timeZone: 'Europe/Berlin',
    timeoutMs: 2000,
    retryDelaysMs: [10],
    metrics: createOtrsMetrics(new Registry()),
  });
  const session = await t.context.client.createSession('anna', 'anna-pw-1');
  await makeAgentLinkCommands({
    store: t.context.protectedStore,
    sessions: t.context.sessions,
    claimKeys,
  }).link(ANNA, 'anna', session, write);
});

test.after.always(async (t) => {
  await t.context.otrs?.close();
});

const runnerWith = (t: { context: Context }, gateway: OtrsGateway) =>
  makeTicketActionRunner({
    store: t.context.protectedStore,
    gateway,
    sessions: t.context.sessions,
    claimKeys,
    clock: systemClock,
    logger: captureLogger(),
  });

/** The OTRS client, its TicketUpdate made (or not) and then the worker gone before it could record it. */
const dying = (client: OtrsClient, reachesOtrs: boolean): OtrsGateway => ({
  ...client,
  async updateTicket(session, ticketId, update) {
    if (reachesOtrs) await client.updateTicket(session, ticketId, update);
    throw new Error('the worker died before it heard OTRS');
  },
});

/** A ticket in OTRS, recorded in TBot as the feed records it. */
async function newTicket(t: { context: Context }): Promise<number> {
  const fake = t.context.otrs.state.addTicket({ title: 'Printer', queue: 'Raw', body: 'It is on fire' });
  const session = await t.context.client.createSession('anna', 'anna-pw-1');
  const [ticket] = await t.context.client.getTickets(session, [fake.id], { articles: true });
  if (!ticket) throw new Error('the local OTRS lost the ticket');
  await makeTicketCommands(t.context.protectedStore).run(
    {
      type: 'RecordTicketObservation',
      data: {
        snapshot: toTicketSnapshot(ticket, ticketSubjectOf(ticket, customerKeys)),
        warnBeforeSeconds: 60,
      },
    },
    write,
  );
  return fake.id;
}

const askNote = (t: { context: Context }, ticketId: number, actionId: string, text: string) =>
  makeTicketCommands(t.context.protectedStore).run(
    {
      type: 'AddTicketNote',
      data: { ticketId, actionId, agent: { telegramUserId: ANNA, link: 'active', agentId: null }, text },
    },
    write,
  );

const notes = (t: { context: Context }, ticketId: number, body: string) =>
  (t.context.otrs.state.tickets.get(ticketId)?.articles ?? []).filter((a) => a.body === body);

const outcomes = async (t: { context: Context }, ticketId: number) =>
  (await t.context.protectedStore.readStream(otrsTicketStreamId(ticketId)))
    .filter((e) => e.type === 'TicketActionSucceeded' || e.type === 'TicketActionFailed')
    .map((e) => e.type);

test('a note retried after OTRS wrote it but its answer was lost is posted once', async (t) => {
  const ticketId = await newTicket(t);
  await askNote(t, ticketId, 'note-lost-answer', 'Toner ordered');
  await t.throwsAsync(runnerWith(t, dying(t.context.client, true)).run(ticketId, 'note-lost-answer', 1));
  t.is(notes(t, ticketId, 'Toner ordered').length, 1, 'OTRS has it, TBot does not know yet');

  await runnerWith(t, t.context.client).run(ticketId, 'note-lost-answer', 2);
  const posted = notes(t, ticketId, 'Toner ordered');
  t.is(posted.length, 1, 'the retry found it and posted nothing');
  t.regex(posted[0]?.subject ?? '', /\[TBot note-lost-answer\]$/);
  t.deepEqual(await outcomes(t, ticketId), ['TicketActionSucceeded']);
});

test('a second note of the same words, whose first try died before OTRS, is posted by its retry', async (t) => {
  const ticketId = await newTicket(t);
  await askNote(t, ticketId, 'note-first', 'Done');
  await runnerWith(t, t.context.client).run(ticketId, 'note-first', 1);
  await askNote(t, ticketId, 'note-second', 'Done');
  await t.throwsAsync(runnerWith(t, dying(t.context.client, false)).run(ticketId, 'note-second', 1));
  t.is(notes(t, ticketId, 'Done').length, 1);

  await runnerWith(t, t.context.client).run(ticketId, 'note-second', 2);
  t.is(notes(t, ticketId, 'Done').length, 2, 'the earlier note of the same words is not this one');
  t.deepEqual(await outcomes(t, ticketId), ['TicketActionSucceeded', 'TicketActionSucceeded']);
});
