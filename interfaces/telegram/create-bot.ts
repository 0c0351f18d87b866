import { Bot, type BotError, type Composer, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { accessFeature, accessGate } from './access/index.ts';
import type { BotContext } from './bot-context.ts';
import type { BotDeps } from './bot-deps.ts';
import { findFeature, whoisFeature } from './employees/index.ts';
import { configureOutgoingApi } from './outgoing-api.ts';
import { chatRegistry } from './pipeline/chat-registry.ts';
import { updateContext } from './pipeline/update-context.ts';
import { userRateLimit } from './pipeline/user-rate-limit.ts';
import { startFeature } from './start/index.ts';

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

  bot.use(updateContext(deps));
  bot.use(userRateLimit(deps));
  bot.use(accessGate(deps));
  bot.use(chatRegistry(deps));

  const features: readonly [string, Composer<BotContext>][] = [
    ['start', startFeature()],
    ['access', accessFeature(deps)],
    ['find', findFeature(deps)],
    ['whois', whoisFeature(deps)],
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

/** A feature failed: log it with its update and tell the user something went wrong, never the details. */
async function featureFailed(feature: string, error: BotError<BotContext>, deps: BotDeps): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const level = cause instanceof GrammyError || cause instanceof HttpError ? 'warn' : 'error';
  deps.logger[level]({ err: cause, feature, updateId: ctx.update.update_id }, 'telegram feature failed');
  const text = ctx.tbot.t('error');
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
    else if (ctx.chat) await ctx.reply(text);
  } catch (replyError) {
    deps.logger.warn({ err: replyError }, 'could not tell the user about a failure');
  }
}
