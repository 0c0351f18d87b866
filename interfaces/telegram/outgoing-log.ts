import type { Transformer } from 'grammy';
import type { BotDeps } from './bot-deps.ts';

const LOGGED = new Set(['sendMessage', 'editMessageText']);

const numberOr = (value: unknown, fallback: number | null) =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : fallback;

/**
 * An API transformer that writes every message the bot sent or edited to the message log, after Telegram
 * accepted it. A failed write to the log is logged and never fails the send: the user got the message.
 */
export function outgoingLog(deps: Pick<BotDeps, 'messageLog' | 'logger' | 'clock'>): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok || !LOGGED.has(method) || typeof payload !== 'object' || payload === null) return result;
    const fields = payload as Record<string, unknown>;
    const sent =
      typeof result.result === 'object' && result.result !== null
        ? (result.result as unknown as Record<string, unknown>)
        : {};
    const chatId = numberOr(fields['chat_id'], null);
    if (chatId === null) return result;
    deps.messageLog
      .recordOutgoing({
        direction: 'out',
        chatId,
        messageId: numberOr(sent['message_id'], numberOr(fields['message_id'], null)),
        threadId: numberOr(fields['message_thread_id'], null),
        telegramUserId: chatId > 0 ? chatId : null,
        updateId: null,
        kind: method,
        text: typeof fields['text'] === 'string' ? fields['text'] : null,
        at: deps.clock.now(),
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not log an outgoing message'));
    return result;
  };
}
