import type { Command } from '../shared/index.ts';
import type { TelegramChatType } from './telegram-chat-events.ts';

/** Seen a chat: registers it, or records a new title. */
export type RegisterTelegramChat = Command<
  'RegisterTelegramChat',
  { chatId: number; type: TelegramChatType; title: string | null; isForum: boolean }
>;
/** Seen a forum topic: registers it, or records its name once known or changed. */
export type RegisterTelegramForumTopic = Command<
  'RegisterTelegramForumTopic',
  { chatId: number; threadId: number; name: string | null }
>;

export type TelegramChatCommand = RegisterTelegramChat | RegisterTelegramForumTopic;
