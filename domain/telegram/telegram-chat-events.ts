import type { Event } from '../shared/index.ts';

/** Telegram's chat kinds; notifications go to groups, supergroups (and their topics) and private chats. */
export const TELEGRAM_CHAT_TYPES = ['private', 'group', 'supergroup', 'channel'] as const;
export type TelegramChatType = (typeof TELEGRAM_CHAT_TYPES)[number];

export type TelegramChatRegistered = Event<
  'TelegramChatRegistered',
  { chatId: number; type: TelegramChatType; title: string | null; isForum: boolean }
>;
export type TelegramChatRetitled = Event<
  'TelegramChatRetitled',
  { chatId: number; title: string | null; isForum: boolean }
>;
/** A forum topic of a supergroup, by its `message_thread_id`. The name is `null` until the bot has seen it. */
export type TelegramForumTopicRegistered = Event<
  'TelegramForumTopicRegistered',
  { chatId: number; threadId: number; name: string | null }
>;
export type TelegramForumTopicRenamed = Event<
  'TelegramForumTopicRenamed',
  { chatId: number; threadId: number; name: string }
>;

export type TelegramChatEvent =
  TelegramChatRegistered | TelegramChatRetitled | TelegramForumTopicRegistered | TelegramForumTopicRenamed;

export const TELEGRAM_CHAT_EVENT_TYPES: readonly TelegramChatEvent['type'][] = [
  'TelegramChatRegistered',
  'TelegramChatRetitled',
  'TelegramForumTopicRegistered',
  'TelegramForumTopicRenamed',
];
