import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';

/**
 * Registers the chat of every update, and the forum topic of a topic message, so that later features can
 * route notifications there. Runs after the access gate: strangers do not create chats.
 */
export function chatRegistry(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (chat) {
      const title = chat.type === 'private' ? null : chat.title;
      const isForum = chat.type === 'supergroup' && chat.is_forum === true;
      await deps.chats.registerChat({ chatId: chat.id, type: chat.type, title, isForum }, ctx.tbot.write);
      const msg = ctx.msg;
      const threadId = msg?.is_topic_message ? msg.message_thread_id : undefined;
      if (isForum && threadId !== undefined) {
        const name =
          msg?.forum_topic_created?.name ??
          msg?.forum_topic_edited?.name ??
          msg?.reply_to_message?.forum_topic_created?.name ??
          null;
        await deps.chats.registerTopic({ chatId: chat.id, threadId, name }, ctx.tbot.write);
      }
    }
    await next();
  };
}
