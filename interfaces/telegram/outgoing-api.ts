import { autoRetry } from '@grammyjs/auto-retry';
import type { Api, RawApi } from 'grammy';
import type { BotDeps } from './bot-deps.ts';
import { outgoingLog } from './outgoing-log.ts';
import { telegramThrottler } from './telegram-limits.ts';

/**
 * What every Bot API client of TBot sends through, the bot's own and a sender's on a node without the bot:
 * the last installed runs first, so a call is throttled within Telegram's limits (`telegramThrottler`), then
 * retried if Telegram refused it (429, 5xx), then logged once accepted.
 */
export function configureOutgoingApi<R extends RawApi>(
  api: Api<R>,
  deps: Pick<BotDeps, 'messageLog' | 'logger' | 'clock'>,
): void {
  api.config.use(outgoingLog(deps));
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  api.config.use(telegramThrottler());
}
