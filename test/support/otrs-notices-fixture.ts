import type { TestFn } from 'ava';
import { Api } from 'grammy';
import { Registry } from 'prom-client';
import { type RoutingCommands, makeRoutingCommands } from '../../application/otrs/routing-commands.ts';
import { type TicketCommands, makeTicketCommands } from '../../application/otrs/ticket-commands.ts';
import { createNotificationMetrics } from '../../infrastructure/metrics/index.ts';
import { postgresOutbox } from '../../infrastructure/notifications/index.ts';
import {
  type CallbackSigner,
  callbackKeyOf,
  callbackSigner,
} from '../../interfaces/telegram/callback-data.ts';
import { startOutboxSender } from '../../interfaces/telegram/notifications/index.ts';
import { otrsNoticesReactor, rebuildProjection } from '../../projections/index.ts';
import { BotApiEmulator } from './bot-api-emulator.ts';
import { type CapturedLine, captureLogger } from './capture-logger.ts';
import { type ProjectionStoreContext, withProjectionStore } from './event-store-fixture.ts';
import { quickRunner } from './quick-runner.ts';
import { TEST_BOT_TOKEN } from './telegram-harness.ts';

/**
 * The OTRS notices' test bench on real PostgreSQL: the real ticket and routing handlers, the otrs-notices
 * reactor run by the projection runner, and its outbox drained by the real sender (signing the cards'
 * buttons with the bot token's key, naming linked owners by a stand-in for the users' read model) into the
 * Bot API emulator (`bot.language` en). Registers the hooks on `test`.
 */
export type OtrsNoticesContext = ProjectionStoreContext & {
  tickets: TicketCommands;
  routing: RoutingCommands;
  signer: CallbackSigner;
  emulator: BotApiEmulator;
  senderLog: { readonly lines: CapturedLine[] };
  /**
   * Replays the whole log into the reactor as a rebuild does (its runner stopped, the tables rebuilt beside the
   * live ones under the live start line, switched), then runs it live again: nobody may be told twice.
   */
  replay: () => Promise<void>;
  stop: () => Promise<void>;
};

/** The Telegram names the sender finds for linked owners (`telegram:<id>`), as the users' read model would. */
export const TELEGRAM_NAMES: ReadonlyMap<string, string> = new Map([['telegram:5001', 'Pyotr Petrov']]);

export function withOtrsNotices(test: TestFn<OtrsNoticesContext>): void {
  withProjectionStore(test, { poolMax: 8, pollIntervalMs: 50 });

  test.before(async (t) => {
    t.context.tickets = makeTicketCommands(t.context.store);
    t.context.routing = makeRoutingCommands(t.context.store);
    t.context.signer = callbackSigner(callbackKeyOf(TEST_BOT_TOKEN));
    t.context.emulator = await BotApiEmulator.start();
    let { runner } = quickRunner(t.context, otrsNoticesReactor);
    await runner.start();
    t.context.replay = async () => {
      await runner.stop();
      await rebuildProjection({
        projector: otrsNoticesReactor,
        eventStore: t.context.store,
        projectionStore: t.context.projections,
      });
      ({ runner } = quickRunner(t.context, otrsNoticesReactor));
      await runner.start();
    };
    const outbox = postgresOutbox(t.context.database.pool);
    const logger = captureLogger();
    t.context.senderLog = logger;
    const sender = startOutboxSender({
      outbox,
      api: new Api(TEST_BOT_TOKEN, { apiRoot: t.context.emulator.apiRoot }),
      settings: () => ({ 'bot.language': 'en' }),
      projectionStore: t.context.projections,
      callbackSigner: t.context.signer,
      actorNames: (actors) =>
        Promise.resolve(
          new Map(
            actors.flatMap((a) => {
              const name = TELEGRAM_NAMES.get(`${a.kind}:${a.id}`);
              return name === undefined ? [] : [[`${a.kind}:${a.id}`, name] as const];
            }),
          ),
        ),
      reactors: [otrsNoticesReactor.name],
      nodeId: 'node-a',
      logger,
      metrics: createNotificationMetrics(new Registry(), { nodeId: 'node-a', outbox }),
      options: { idlePollMs: 50 },
    });
    t.context.stop = async () => {
      await sender.stop();
      await runner.stop();
    };
  });

  test.after.always(async (t) => {
    await t.context.stop?.();
    await t.context.emulator?.stop();
  });
}
