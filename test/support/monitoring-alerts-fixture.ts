import type { TestFn } from 'ava';
import { Api } from 'grammy';
import { Registry } from 'prom-client';
import type { EventMetadata } from '../../domain/shared/index.ts';
import { createNotificationMetrics } from '../../infrastructure/metrics/index.ts';
import { postgresOutbox } from '../../infrastructure/notifications/index.ts';
import { startOutboxSender } from '../../interfaces/telegram/notifications/index.ts';
import { monitoringNoticesReactor } from '../../projections/index.ts';
import { type MonitoringCommands, monitoringCommands } from '../application/monitoring/monitoring-fixture.ts';
import { BotApiEmulator, type RecordedCall } from './bot-api-emulator.ts';
import { type CapturedLine, captureLogger } from './capture-logger.ts';
import { testMetadata } from './event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from './event-store-fixture.ts';
import { quickRunner } from './quick-runner.ts';
import { TEST_BOT_TOKEN } from './telegram-harness.ts';

/**
 * The monitoring alerts' test bench on real PostgreSQL: the real monitoring handlers, the monitoring-notices
 * reactor run by the projection runner, and its outbox drained by the real sender into the Bot API emulator
 * (`bot.language` en), its log and metrics kept for assertions. Registers the hooks on `test`.
 */
export type MonitoringAlertsContext = ProjectionStoreContext &
  MonitoringCommands & {
    emulator: BotApiEmulator;
    senderLog: { readonly lines: CapturedLine[] };
    registry: Registry;
    stop: () => Promise<void>;
  };

export function withMonitoringAlerts(test: TestFn<MonitoringAlertsContext>): void {
  withProjectionStore(test, { poolMax: 8, pollIntervalMs: 50 });

  test.before(async (t) => {
    Object.assign(t.context, monitoringCommands(t.context.store));
    t.context.emulator = await BotApiEmulator.start();
    const { runner } = quickRunner(t.context, monitoringNoticesReactor);
    await runner.start();
    const outbox = postgresOutbox(t.context.database.pool);
    const logger = captureLogger();
    t.context.senderLog = logger;
    t.context.registry = new Registry();
    const sender = startOutboxSender({
      outbox,
      api: new Api(TEST_BOT_TOKEN, { apiRoot: t.context.emulator.apiRoot }),
      settings: () => ({ 'bot.language': 'en' }),
      projectionStore: t.context.projections,
      reactors: [monitoringNoticesReactor.name],
      nodeId: 'node-a',
      logger,
      metrics: createNotificationMetrics(t.context.registry, { nodeId: 'node-a', outbox }),
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

/** The scheduler as the actor of the results a test reports. */
export const schedulerMetadata: EventMetadata = {
  ...testMetadata,
  actor: { kind: 'system', id: 'scheduler', name: 'Scheduler' },
};

/** 2025-11-24 16:00 UTC in minutes since the epoch: results of one minute are one slot. */
export const SLOT = 29_400_000;
export const slotTime = (slot: number) => new Date(slot * 60_000).toISOString();

/** The emulator's successful calls of `method` to `chatId`. */
export const callsTo = (
  t: { context: Pick<MonitoringAlertsContext, 'emulator'> },
  method: string,
  chatId: number,
): RecordedCall[] =>
  t.context.emulator.callsOf(method).filter((call) => Number(call.payload['chat_id']) === chatId);
