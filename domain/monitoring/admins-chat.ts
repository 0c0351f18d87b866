import type { AlertRoute } from './server-group-settings.ts';

export const ADMINS_CHAT_SETTING = 'monitoring.adminsChat';

/**
 * The route of the setting `monitoring.adminsChat` (`CHAT_ID` or `CHAT_ID/TOPIC_ID`, already validated by the
 * settings registry); `null` when it is empty: such alerts then go to each Telegram admin privately.
 */
export function adminsChatRoute(value: string): AlertRoute | null {
  const [chat, topic] = value.trim().split('/');
  const chatId = Number(chat);
  if (chat === undefined || chat === '' || !Number.isSafeInteger(chatId) || chatId === 0) return null;
  const threadId = topic === undefined ? null : Number(topic);
  return {
    chatId,
    messageThreadId: threadId !== null && Number.isSafeInteger(threadId) && threadId > 0 ? threadId : null,
  };
}
