import {
  type RegisterTelegramChat,
  type RegisterTelegramForumTopic,
  telegramChatDecider,
  telegramChatStreamId,
} from '../../domain/telegram/index.ts';
import { type CommandContext, handleOptions, makeCommandHandler } from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

export type ChatSighting = RegisterTelegramChat['data'];
export type TopicSighting = RegisterTelegramForumTopic['data'];

/**
 * Registers the chats and forum topics the bot sees. Every update carries its chat, so what this node has
 * already recorded is remembered and not read again: a stream is read only when something may have changed.
 */
export function makeTelegramChatCommands(deps: { readonly store: EventStore }) {
  const handle = makeCommandHandler({
    store: deps.store,
    decider: telegramChatDecider,
    streamId: (c) => telegramChatStreamId(c.data.chatId),
  });
  const seen = new Map<string, string>();
  const once = async (key: string, fingerprint: string, record: () => Promise<unknown>) => {
    if (seen.get(key) === fingerprint) return;
    await record();
    if (seen.size > 50_000) seen.clear();
    seen.set(key, fingerprint);
  };

  return {
    registerChat: (chat: ChatSighting, write: CommandContext): Promise<void> =>
      once(`${chat.chatId}`, JSON.stringify([chat.title, chat.isForum]), () =>
        handle(
          { type: 'RegisterTelegramChat', data: chat, metadata: write.metadata },
          handleOptions(write, 'chat'),
        ),
      ),

    registerTopic: (topic: TopicSighting, write: CommandContext): Promise<void> =>
      once(`${topic.chatId}/${topic.threadId}`, JSON.stringify([topic.name]), () =>
        handle(
          { type: 'RegisterTelegramForumTopic', data: topic, metadata: write.metadata },
          handleOptions(write, 'topic'),
        ),
      ),
  };
}

export type TelegramChatCommands = ReturnType<typeof makeTelegramChatCommands>;
