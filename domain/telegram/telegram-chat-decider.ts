import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { TelegramChatCommand } from './telegram-chat-commands.ts';
import type { TelegramChatEvent, TelegramChatType } from './telegram-chat-events.ts';

export type TelegramChatState =
  | { readonly status: 'none' }
  | {
      readonly status: 'known';
      readonly chatId: number;
      readonly type: TelegramChatType;
      readonly title: string | null;
      readonly isForum: boolean;
      /** Topic names by thread id; `null` while unknown. */
      readonly topics: ReadonlyMap<number, string | null>;
    };

/** The stream of one chat, by its Telegram id (negative for groups). */
export const telegramChatStreamId = (chatId: number): string => `telegram-chat-${chatId}`;

/** Chats, groups and forum topics the bot has seen: where later features may send notifications. */
export const telegramChatDecider: Decider<TelegramChatCommand, TelegramChatEvent, TelegramChatState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    if (event.type === 'TelegramChatRegistered') return { status: 'known', ...event.data, topics: new Map() };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'TelegramChatRetitled':
        return { ...state, title: event.data.title, isForum: event.data.isForum };
      case 'TelegramForumTopicRegistered':
      case 'TelegramForumTopicRenamed':
        return { ...state, topics: new Map(state.topics).set(event.data.threadId, event.data.name) };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { chatId } = command.data;
    switch (command.type) {
      case 'RegisterTelegramChat': {
        if (state.status === 'none') return [{ type: 'TelegramChatRegistered', data: { ...command.data } }];
        const { title, isForum } = command.data;
        return state.title === title && state.isForum === isForum
          ? []
          : [{ type: 'TelegramChatRetitled', data: { chatId, title, isForum } }];
      }
      case 'RegisterTelegramForumTopic': {
        if (state.status === 'none') {
          throw new DomainError('TELEGRAM_CHAT.NOT_FOUND', `No Telegram chat ${chatId}`, { chatId });
        }
        const { threadId, name } = command.data;
        if (!state.topics.has(threadId)) {
          return [{ type: 'TelegramForumTopicRegistered', data: { chatId, threadId, name } }];
        }
        // A message inside a topic rarely carries its name: an unknown name never erases a known one.
        return name === null || state.topics.get(threadId) === name
          ? []
          : [{ type: 'TelegramForumTopicRenamed', data: { chatId, threadId, name } }];
      }
      default:
        return assertNever(command);
    }
  },
};
