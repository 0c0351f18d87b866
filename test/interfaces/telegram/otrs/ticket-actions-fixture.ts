import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { makeAgentLinkCommands, makeTicketCommands } from '../../../../application/otrs/index.ts';
import { ticketSubjectOf, toTicketSnapshot } from '../../../../application/otrs/feed/index.ts';
import type { OtrsSession } from '../../../../application/ports/index.ts';
import { otrsTicketStreamId, type TicketEvent } from '../../../../domain/otrs/index.ts';
import { createOtrsMetrics } from '../../../../infrastructure/metrics/index.ts';
import {
  createOtrsClient,
  otrsCustomerKeys,
  postgresOtrsAgentSessions,
  type OtrsClient,
} from '../../../../infrastructure/otrs/index.ts';
import { masterKeyOf } from '../../../../infrastructure/personal-data/index.ts';
import {
  type OtrsActions,
  openOtrsActions,
  otrsActionReads,
} from '../../../../interfaces/runtime/otrs-actions-runtime.ts';
import { callbackKeyOf, callbackSigner } from '../../../../interfaces/telegram/callback-data.ts';
import {
  type TicketButtonAction,
  ticketButtonFields,
} from '../../../../interfaces/telegram/otrs/ticket-callback.ts';
import {
  type OtrsDatabase,
  otrsProjector,
  otrsQueries,
  otrsReassignTargets,
} from '../../../../projections/otrs/index.ts';
import type { EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { testMetadata as metadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type LocalOtrsServer, startLocalOtrsServer } from '../../../support/otrs-server/index.ts';
import {
  TEST_BOT_TOKEN,
  type TelegramHarness,
  startTelegramHarness,
} from '../../../support/telegram-harness.ts';

export const PASSWORDS: Readonly<Record<string, string>> = { anna: 'anna-pw-1', boris: 'boris-pw-1' };

/**
 * TBot's core with the Telegram bot, the OTRS actions (the reactor among the projections, a worker, the
 * bot's buttons and commands), the OTRS read model, and a local OTRS server with agents anna and boris.
 */
export interface ActionsWorld {
  readonly harness: TelegramHarness;
  readonly otrs: LocalOtrsServer;
  readonly client: OtrsClient;
  readonly actions: OtrsActions;
  readonly queries: ReturnType<typeof otrsQueries>;
  /** Links `user` to the OTRS `login` as `/otrs_link` does once OTRS accepted the password. */
  link(user: EmulatedUser, login: string): Promise<void>;
  /** A new ticket in OTRS, recorded in TBot as the feed records it, and in the read model. */
  newTicket(title: string, queue?: string): Promise<{ ticketId: number; number: string }>;
  /** Presses a card's button (signed for the user's private chat) and returns the answer's text. */
  press(user: EmulatedUser, action: TicketButtonAction, ticketId: number): Promise<string | undefined>;
  /** Writes `text` in the user's private chat and returns the bot's next message to them. */
  say(user: EmulatedUser, text: string): Promise<string | undefined>;
  ticketEvents(ticketId: number): Promise<TicketEvent[]>;
  close(): Promise<void>;
}

export async function startActionsWorld(users: readonly EmulatedUser[]): Promise<ActionsWorld> {
  const harness = await startTelegramHarness(
    {
      TELEGRAM_ADMIN_IDS: users.map((u) => u.id).join(','),
      // One agent's presses and commands across the whole file: the per-user limit is not under test here.
      TELEGRAM_USER_RATE_LIMIT_PER_MINUTE: '1000',
    },
    [otrsProjector],
  );
  const otrs = await startLocalOtrsServer({ timeZone: 'Europe/Berlin' });
  for (const [login, password] of Object.entries(PASSWORDS)) otrs.state.addAgent(login, password);
  otrs.state.addAgent('feed', 'feed-pw-1');
  const client = createOtrsClient({
    baseUrl: otrs.baseUrl,
    webservice: otrs.webservice,
    timeZone: 'Europe/Berlin',
    timeoutMs: 2000,
    retryDelaysMs: [10],
    metrics: createOtrsMetrics(new Registry()),
  });
  const { pool, db } = harness.database;
  const store = harness.eventStore;
  const sessions = postgresOtrsAgentSessions({ pool, keys: harness.personalDataKeys });
  const queries = otrsQueries(db.withTables<OtrsDatabase>());
  const customerKeys = otrsCustomerKeys(masterKeyOf(randomBytes(32)));
  const actions = openOtrsActions({
    gateway: client,
    pool,
    eventStore: store,
    personalDataKeys: harness.personalDataKeys,
    customerKeys,
    claimKeys: harness.claimKeys,
    settings: { current: () => harness.settings },
    ...otrsActionReads(queries),
    reassignTargets: otrsReassignTargets(db.withTables<OtrsDatabase>()),
    nodeId: 'actions-1',
    logger: captureLogger(),
    worker: { idlePollMs: 30, retryMs: 200 },
    sessions,
  });
  const worker = actions.startWorker();
  // `/otrs_link` too: its steps and the note drafts share the bot's conversations.
  const runtime = await harness.startBot({ otrsActions: actions.bot, otrs: { gateway: client, sessions } });
  await eventually(() => runtime.isPolling());
  const links = makeAgentLinkCommands({ store, sessions, claimKeys: harness.claimKeys });
  const tickets = makeTicketCommands(store);
  const feedSession: OtrsSession = await client.createSession('feed', 'feed-pw-1');
  const signer = callbackSigner(callbackKeyOf(TEST_BOT_TOKEN));
  const { emulator } = harness;

  const say = async (user: EmulatedUser, text: string) => {
    const before = emulator.sentTo(user.id).length;
    emulator.sendText(user, text);
    return (await eventually(() => emulator.sentTo(user.id)[before], 15_000))?.text;
  };
  for (const user of users) await say(user, '/start');

  return {
    harness,
    otrs,
    client,
    actions,
    queries,
    say,
    async link(user, login) {
      const session = await client.createSession(login, PASSWORDS[login] ?? '');
      const result = await links.link(user.id, login, session, { metadata });
      if (result.checkpoint) await harness.projected('otrs', result.checkpoint);
    },
    async newTicket(title, queue = 'Raw') {
      const fake = otrs.state.addTicket({ title, queue, body: 'The printer is on fire' });
      const [ticket] = await client.getTickets(feedSession, [fake.id], { articles: true });
      if (!ticket) throw new Error('the local OTRS lost the ticket');
      const snapshot = toTicketSnapshot(ticket, ticketSubjectOf(ticket, customerKeys));
      const result = await tickets.run(
        { type: 'RecordTicketObservation', data: { snapshot, warnBeforeSeconds: 3600 } },
        { metadata },
      );
      if (result.checkpoint) await harness.projected('otrs', result.checkpoint);
      return { ticketId: fake.id, number: fake.number };
    },
    async press(user, action, ticketId) {
      const data = signer.sign(user.id, ticketButtonFields(action, ticketId));
      const callbackId = emulator.press(user, 0, data);
      return (await eventually(() => emulator.callbackAnswers.get(callbackId), 15_000))?.text;
    },
    async ticketEvents(ticketId) {
      return (await store.readStream<TicketEvent>(otrsTicketStreamId(ticketId))).map(
        (e) => ({ type: e.type, data: e.data }) as TicketEvent,
      );
    },
    async close() {
      await worker.stop();
      await harness.close();
      await otrs.close();
    },
  };
}
