import { Bot, type BotError, type Composer, GrammyError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { accessGate, telegramUsersFeature } from './telegram/index.ts';
import type { BotContext } from './bot-context.ts';
import type { BotDeps } from './bot-deps.ts';
import { findFeature, whoisFeature } from './employees/index.ts';
import {
  ackCommandFeature,
  maintenanceFeature,
  monitoringAckFeature,
  serverFeature,
  statusFeature,
} from './monitoring/index.ts';
import { deliveryMiddleware } from './inbox/update-deliveries.ts';
import { configureOutgoingApi } from './outgoing-api.ts';
import { chatRegistry } from './pipeline/chat-registry.ts';
import { updateContext } from './pipeline/update-context.ts';
import { userRateLimit } from './pipeline/user-rate-limit.ts';
import { startFeature } from './start/index.ts';
import { conversationTurns } from './otrs/conversation-turns.ts';
import { otrsLinkFeature } from './otrs/otrs-link-feature.ts';
import { ticketReadsFeature } from './otrs/ticket-reads-feature.ts';
// OTRS actions (#16).
import { ticketActionsFeature } from './otrs/ticket-actions-feature.ts';

export interface CreateBotOptions {
  readonly token: string;
  /** Another Bot API server, without a trailing slash; api.telegram.org when absent. */
  readonly apiRoot?: string;
  /** Skips `getMe` at init when known (tests, a restart). */
  readonly botInfo?: UserFromGetMe;
  readonly deps: BotDeps;
}

/**
 * The bot: outgoing calls logged, retried on 429/5xx (auto-retry) and throttled within Telegram's limits
 * (30 messages/s overall, 1/s per chat, 20/min per group: see `telegramThrottler`); then the pipeline every
 * update goes through (message log and `update_id` dedupe, per-user rate limit, access gate, chat registry)
 * and one Composer per feature, each inside its own error boundary. `bot.catch` logs whatever escapes.
 */
export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { deps } = options;
  const bot = new Bot<BotContext>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
  });
  configureOutgoingApi(bot.api, deps);

  if (deps.deliveries) bot.use(deliveryMiddleware(deps.deliveries, deps.logger));
  // Before the message log records the update: the answer to a secret step (a password) is taken out first.
  if (deps.conversations) bot.use(conversationTurns(deps.conversations));
  bot.use(updateContext(deps));
  bot.use(userRateLimit(deps));
  bot.use(accessGate(deps));
  bot.use(chatRegistry(deps));

  const features: readonly [string, Composer<BotContext>][] = [
    ['start', startFeature(deps)],
    // Its log name stays `access`: logs are output, which the feature's rename left as they were.
    ['access', telegramUsersFeature(deps)],
    // Early: the answers to its questions are plain messages, which no feature after it should take.
    ['otrs-link', otrsLinkFeature(deps)],
    ['find', findFeature(deps)],
    ['whois', whoisFeature(deps)],
    ['monitoring-ack', monitoringAckFeature(deps)],
    ['monitoring-status', statusFeature(deps)],
    ['monitoring-server', serverFeature(deps)],
    ['monitoring-ack-command', ackCommandFeature(deps)],
    ['monitoring-maintenance', maintenanceFeature(deps)],
    // OTRS reads (readmodel).
    ['otrs-reads', ticketReadsFeature(deps)],
    // OTRS actions (#16): its note conversation lets every text through but an open draft's note.
    ['otrs-actions', ticketActionsFeature(deps)],
  ];
  for (const [name, feature] of features)
    bot.errorBoundary((error) => featureFailed(name, error, deps), feature);

  // A press no feature claimed (an old bot's button, made-up data): answered, so the client stops spinning.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.tbot.t('unknownButton') }));

  bot.catch((error) => {
    deps.logger.error({ err: error.error, updateId: error.ctx.update.update_id }, 'telegram update failed');
  });
  return bot;
}

/**
 * A feature failed. Telegram refusing a call (400, 403: a user who blocked the bot, a message gone) is logged
 * and the update counts as handled: trying again would be refused again. Anything else fails the update, so
 * that the inbox tries it again (and, after its last try, tells the user something went wrong).
 */
function featureFailed(feature: string, error: BotError<BotContext>, deps: BotDeps): void {
  const { ctx } = error;
  const cause = error.error;
  if (cause instanceof GrammyError && (cause.error_code === 400 || cause.error_code === 403)) {
    deps.logger.warn(
      { err: cause, feature, updateId: ctx.update.update_id },
      'telegram refused a call of a feature',
    );
    return;
  }
  deps.logger.warn({ err: cause, feature, updateId: ctx.update.update_id }, 'telegram feature failed');
  throw cause;
}
