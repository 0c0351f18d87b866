import type { Event } from '../shared/index.ts';

/**
 * An update the bot tried to handle as often as it may and gave up on: it no longer holds up its chat. Holds
 * no personal data: the update's ids, how often it was tried, and the last error's class and code.
 */
export type TelegramUpdateFailed = Event<
  'TelegramUpdateFailed',
  { botId: number; updateId: number; attempts: number; error: string }
>;

/** The stream of one bot's inbox events. */
export const telegramInboxStreamId = (botId: number) => `telegram-inbox-${botId}`;
