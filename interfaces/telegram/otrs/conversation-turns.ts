import type { MiddlewareFn } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatConversations, CurrentConversation } from '../../../application/ports/index.ts';
import type { BotContext } from '../bot-context.ts';

/** A private message that answers the step its user's conversation is at. */
export interface ConversationTurn {
  readonly conversation: CurrentConversation;
  /**
   * The text of the answer to a secret step (a password), taken out of the update before anything records it:
   * the message log, a feature's log line, an error's context. `null` for a step that is no secret (its text
   * stays in the message, `ctx.msg.text`).
   */
  readonly secretText: string | null;
}

const turns = new WeakMap<Update, ConversationTurn>();

/**
 * The bot's short conversations, shared by the features that ask a question and read the answer from the next
 * message (`/otrs_link`'s login and password, a ticket note). Runs before the message log records the update:
 * a private text message of a user whose conversation waits for a secret, or the redelivery of the update that
 * answered one, has its text (and its entities) taken out of the update, so the log records the message
 * without it; the features find it with {@link conversationTurnOf}. One read of the conversations per private
 * text message; other updates pass untouched.
 */
export function conversationTurns(conversations: ChatConversations): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const message = ctx.update.message;
    if (message?.chat.type !== 'private' || !message.from || typeof message.text !== 'string') return next();
    const conversation = await conversations.current(message.from.id);
    const updateId = ctx.update.update_id;
    // An ended conversation only matters to the redelivery of the update that answered its secret step.
    if (conversation && (!conversation.ended || conversation.secretUpdateId === updateId)) {
      let secretText: string | null = null;
      if (conversation.secret) {
        secretText = message.text;
        const bare = message as { text?: string; entities?: unknown };
        delete bare.text;
        delete bare.entities;
      }
      turns.set(ctx.update, { conversation, secretText });
    }
    return next();
  };
}

/** The turn of this update's message in its user's conversation; `null` when it answers none. */
export const conversationTurnOf = (ctx: BotContext): ConversationTurn | null => turns.get(ctx.update) ?? null;
