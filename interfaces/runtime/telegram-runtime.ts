import type Router from '@koa/router';
import { Api, type Bot } from 'grammy';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { EmployeeSearch } from '../../application/employees/search/index.ts';
import {
  CONVERSATION_MARKER_MS,
  type Clock,
  type EventStore,
  type LeaseManager,
  type Logger,
  type OtrsAgentSessions,
  type OtrsGateway,
  systemClock,
} from '../../application/ports/index.ts';
import { type OtrsLoginClaimKeys, makeAgentLinkCommands } from '../../application/otrs/index.ts';
import {
  type MessageLog,
  makeRecordUpdateFailed,
  makeTelegramChatCommands,
  makeTelegramUserCommands,
} from '../../application/telegram/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createRateLimiter } from '../../infrastructure/rate-limits/index.ts';
import { createTelegramInboxMetrics } from '../../infrastructure/metrics/telegram-inbox-metrics.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import { postgresOtrsAgentSessions } from '../../infrastructure/otrs/index.ts';
import { postgresChatConversations, postgresTelegramInbox } from '../../infrastructure/telegram/index.ts';
import { type TelegramDatabase, telegramLookupsQueries } from '../../projections/index.ts';
import type { ActorNamesDatabase } from '../../projections/audit/index.ts';
import type { MonitoringDatabase } from '../../projections/monitoring/index.ts';
import { telegramWebhookRoutes } from '../http/telegram/index.ts';
import { type BotContext, type BotDeps, configureOutgoingApi, createBot } from '../telegram/index.ts';
import { callbackKeyOf } from '../telegram/callback-data.ts';
import type { OtrsBotActions } from '../telegram/otrs/otrs-bot-actions.ts';
import { withNoteConversation } from '../telegram/otrs/note-conversation.ts';
import { createUpdateDeliveries, inboxReceiver, startInboxWorker } from '../telegram/inbox/index.ts';
import { startLeasePoller } from '../telegram/polling/index.ts';
import { monitoringAlertActions } from './monitoring-alert-runtime.ts';
import { monitoringBotActions } from './monitoring-bot-runtime.ts';
import { otrsReadBotActions } from './otrs-reads-runtime.ts';
import type { OtrsDatabase, OtrsMetricsDatabase } from '../../projections/otrs/index.ts';
import { openMessageLog } from './message-log-runtime.ts';
import { startMessageLogPruning } from './telegram-message-pruning.ts';

export interface TelegramRuntimeDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly eventStore: EventStore;
  readonly leases: LeaseManager;
  /** The node's Redis (rate limits shared by every node); `null` in single-node mode. */
  readonly redis: Redis | null;
  readonly search: EmployeeSearch;
  readonly pool: pg.Pool;
  readonly db: Kysely<Database>;
  /** Encrypt the message log's texts per Telegram user. */
  readonly personalDataKeys: PersonalDataKeys;
  /** The node's live settings (texts, language, page size, message retention). */
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  readonly clock?: Clock;
  /** The node's metrics registry: the inbox's `tbot_telegram_inbox_*` go there. */
  readonly metrics?: Registry;
  /** Tests shorten these; production uses the defaults. */
  readonly pruneEveryMs?: number;
  readonly pollTimeoutSeconds?: number;
  /** The OTRS card's buttons and action commands (#16); absent: OTRS is off. */
  /** Its note drafts are kept in the bot's conversations (one step per user). */
  readonly otrsActions?: Omit<OtrsBotActions, 'drafts'>;
  /**
   * The OTRS feature (`openOtrsRuntime`'s gateway and the agents' sessions store); absent or `null` (OTRS
   * off): `/otrs_link` and `/otrs_unlink` are not installed.
   */
  readonly otrs?: TelegramOtrsDeps | null;
}

/** What the bot's OTRS features take from the node's OTRS runtime (`openOtrsRuntime(...).gateway`). */
export interface TelegramOtrsDeps {
  readonly gateway: OtrsGateway;
  /** The agents' sessions; `otrs.agent_sessions` through the node's pool and keys when absent. */
  readonly sessions?: OtrsAgentSessions;
  /** Names the login claims (`otrsLoginClaimKeys(masterKey)`). */
  readonly claimKeys: OtrsLoginClaimKeys;
}

export interface TelegramRuntime {
  readonly bot: Bot<BotContext>;
  readonly mode: 'polling' | 'webhook';
  /** Webhook mode: `POST /telegram/webhook`, to install in the node's Koa app; `null` when polling. */
  readonly webhookRoutes: Router | null;
  /** True while this node polls (holds the polling lease). */
  isPolling(): boolean;
  stop(): Promise<void>;
}

export interface TelegramSenderDeps {
  readonly token: string;
  /** Another Bot API server, without a trailing slash; api.telegram.org when absent. */
  readonly apiRoot?: string;
  readonly messageLog: MessageLog;
  readonly logger: Logger;
  readonly clock: Clock;
}

/**
 * A Bot API client for a node that sends without running the bot (the REST API telling a user an admin's
 * decision): set up as `createBot` sets up the bot's own, so its messages are logged, retried on 429/5xx and
 * throttled within Telegram's limits. A node that runs the bot uses `bot.api` instead, sharing its throttle.
 */
export function telegramSender(deps: TelegramSenderDeps): Api {
  const api = new Api(deps.token, deps.apiRoot ? { apiRoot: deps.apiRoot } : undefined);
  configureOutgoingApi(api, deps);
  return api;
}

/** The numeric part of a token (`123456:ABC...`): names the bot in lease keys without the secret part. */
const botIdOf = (token: string) => Number(/^(\d+):/.exec(token)?.[1] ?? 0);

/**
 * Starts the Telegram bot on this node: long polling under a cluster lease (one poller per token; another
 * node takes over when the holder dies), or webhook mode when TELEGRAM_WEBHOOK_URL is set (every node serves
 * the route the result carries). Also prunes the message log, one bounded batch per run, on one node at a time.
 */
export async function startTelegramBot(deps: TelegramRuntimeDeps): Promise<TelegramRuntime> {
  const { config, logger, pool } = deps;
  const { botToken: token, webhookUrl, webhookSecret } = config.telegram;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set: the bot cannot start');
  if (webhookUrl && !webhookSecret) {
    throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL');
  }
  const clock = deps.clock ?? systemClock;
  const messageLog = openMessageLog({
    pool,
    personalDataKeys: deps.personalDataKeys,
    settings: deps.settings,
  });
  const deliveries = createUpdateDeliveries();
  const botId = botIdOf(token);
  const conversations = postgresChatConversations(pool, botId, deps.personalDataKeys);
  const botDeps: BotDeps = {
    users: makeTelegramUserCommands({ store: deps.eventStore, adminIds: new Set(config.telegram.adminIds) }),
    chats: makeTelegramChatCommands({ store: deps.eventStore }),
    lookups: telegramLookupsQueries(deps.db.withTables<TelegramDatabase>()),
    search: deps.search,
    messageLog,
    userRateLimiter: createRateLimiter({
      name: 'telegram-user',
      points: config.telegram.userRateLimitPerMinute,
      durationSeconds: 60,
      redis: deps.redis ? { client: deps.redis, keyPrefix: config.redis.keyPrefix } : null,
    }),
    settings: () => deps.settings.current(),
    adminIds: new Set(config.telegram.adminIds),
    // The same on every node (all hold the token) and secret to users: buttons cannot be forged.
    callbackKey: callbackKeyOf(token),
    monitoringAlerts: monitoringAlertActions(deps.eventStore, pool),
    monitoring: monitoringBotActions({
      db: deps.db.withTables<MonitoringDatabase & ActorNamesDatabase>(),
      eventStore: deps.eventStore,
      pool,
      settings: deps.settings,
    }),
    logger,
    clock,
    deliveries,
    conversations,
    ...(deps.otrs
      ? {
          otrsLinking: {
            gateway: deps.otrs.gateway,
            links: makeAgentLinkCommands({
              store: deps.eventStore,
              sessions:
                deps.otrs.sessions ?? postgresOtrsAgentSessions({ pool, keys: deps.personalDataKeys }),
              claimKeys: deps.otrs.claimKeys,
            }),
          },
        }
      : {}),
    // OTRS reads (readmodel): only when the OTRS feature is on.
    ...(config.otrs
      ? { otrsReads: otrsReadBotActions(deps.db.withTables<OtrsDatabase & OtrsMetricsDatabase>()) }
      : {}),
    ...(deps.otrsActions
      ? { otrsActions: withNoteConversation(deps.otrsActions, conversations, clock) }
      : {}),
  };
  const bot = createBot({
    token,
    deps: botDeps,
    ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
  });
  const inbox = postgresTelegramInbox(pool, botId);
  const worker = startInboxWorker({
    bot,
    botId,
    inbox,
    deliveries,
    leases: deps.leases,
    leaseName: `telegram:${botId}:inbox`,
    leaseTtlMs: config.telegram.pollingLeaseTtlMs,
    maxAttempts: config.telegram.inboxMaxAttempts,
    retryBaseMs: config.telegram.inboxRetryBaseMs,
    concurrency: config.telegram.inboxConcurrency,
    recordFailed: makeRecordUpdateFailed({ store: deps.eventStore, clock }),
    ...(deps.metrics ? { metrics: createTelegramInboxMetrics(deps.metrics, inbox) } : {}),
    logger,
    clock,
  });
  const receive = inboxReceiver(inbox, () => worker.wake());
  const pruning = startMessageLogPruning({
    messageLog,
    inbox,
    leases: deps.leases,
    leaseName: `telegram:${botId}:message-log-prune`,
    everyMs: deps.pruneEveryMs ?? 10 * 60_000,
    retentionDays: () => {
      const days = deps.settings.current()['telegram.messageRetentionDays'];
      return typeof days === 'number' ? days : 90;
    },
    clock,
    logger,
  });
  // Conversations a day past their time to live (markers of a lapsed step) read as none already; this only
  // keeps the table small.
  const conversationPruning = startMessageLogPruning({
    messageLog: conversations,
    subject: 'telegram conversations',
    leases: deps.leases,
    leaseName: `telegram:${botId}:conversations-prune`,
    everyMs: deps.pruneEveryMs ?? 10 * 60_000,
    retentionDays: () => CONVERSATION_MARKER_MS / 86_400_000,
    clock,
    logger,
  });

  if (webhookUrl && webhookSecret) {
    await bot.init();
    await bot.api.setWebhook(webhookUrl, { secret_token: webhookSecret });
    logger.info({ url: webhookUrl }, 'telegram bot in webhook mode');
    return {
      bot,
      mode: 'webhook',
      webhookRoutes: telegramWebhookRoutes({
        secret: webhookSecret,
        receive,
        logger,
      }),
      isPolling: () => false,
      async stop() {
        await worker.stop();
        await pruning.stop();
        await conversationPruning.stop();
      },
    };
  }

  const poller = startLeasePoller({
    bot,
    leases: deps.leases,
    leaseName: `telegram:${botId}:poller`,
    receive,
    ttlMs: config.telegram.pollingLeaseTtlMs,
    logger,
    ...(deps.pollTimeoutSeconds === undefined ? {} : { pollTimeoutSeconds: deps.pollTimeoutSeconds }),
  });
  logger.info('telegram bot in long-polling mode (one node polls at a time)');
  return {
    bot,
    mode: 'polling',
    webhookRoutes: null,
    isPolling: () => poller.isPolling(),
    async stop() {
      await poller.stop();
      await worker.stop();
      await pruning.stop();
      await conversationPruning.stop();
    },
  };
}
