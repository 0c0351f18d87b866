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
  /**
   * The message was sent (by its Telegram `date`) after a secret step expired: it answers no question any
   * more, yet it may well be the password the user typed late. Its text is taken out all the same; the
   * feature deletes it and says the step timed out.
   */
  readonly late: boolean;
}

/** A bare command (`/help`, `/otrs_link@bot`): no password, and the user's next move after a lapsed step. */
const BARE_COMMAND = /^\/[a-z_]+(@\w+)?$/i;

const turns = new WeakMap<Update, ConversationTurn>();

/**
 * The bot's short conversations, shared by the features that ask a question and read the answer from the next
 * message (`/otrs_link`'s login and password, a ticket note). Runs before the message log records the update:
 * a private text message of a user whose conversation waits for a secret, or the redelivery of the update that
 * answered one, has its text (and its entities) taken out of the update, so the log records the message
 * without it; the features find it with {@link conversationTurnOf}. A step is answered in time when the
 * message's own `date` (when the user sent it) is before the step's end, however late the bot gets it. After
 * a secret step's end, its marker still takes the user's next message that is not a bare command (a late
 * password: out of every log, deleted, answered "timed out"); a lapsed step that is no secret answers nothing.
 * One read of the conversations per private text message; other updates pass untouched.
 */
export function conversationTurns(conversations: ChatConversations): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const message = ctx.update.message;
    if (message?.chat.type !== 'private' || !message.from || typeof message.text !== 'string') return next();
    const conversation = await conversations.current(message.from.id);
    const { text } = message;
    const updateId = ctx.update.update_id;
    const turn = conversation && turnOf(conversation, updateId, { ...message, text });
    // The update that answered a secret step is that secret still, even once the user began another step
    // (a note after the password): its text goes, though no step takes it any more.
    if (turn?.secretText != null || conversation?.secretUpdateId === updateId) {
      const bare = message as { text?: string; entities?: unknown };
      delete bare.text;
      delete bare.entities;
    }
    if (turn) turns.set(ctx.update, turn);
    return next();
  };
}

function turnOf(
  conversation: CurrentConversation,
  updateId: number,
  message: { readonly chat: { readonly id: number }; readonly date: number; readonly text: string },
): ConversationTurn | null {
  // A note asked in a group is answered there, not in the private chat.
  if (conversation.chatId !== message.chat.id) return null;
  // An ended conversation only matters to the redelivery of the update that answered its secret step.
  if (conversation.ended && (!conversation.secret || conversation.secretUpdateId !== updateId)) return null;
  // The redelivery of an earlier secret answers no step begun since (its text goes all the same).
  if (!conversation.ended && conversation.secretUpdateId === updateId) return null;
  const late = message.date * 1000 >= conversation.expiresAt.getTime();
  if (late && !conversation.secret) return null;
  // A command after a lapsed password step runs as usual; the marker waits for what may be the password.
  if (late && !conversation.ended && BARE_COMMAND.test(message.text)) return null;
  return { conversation, secretText: conversation.secret ? message.text : null, late };
}

/** The turn of this update's message in its user's conversation; `null` when it answers none. */
export const conversationTurnOf = (ctx: BotContext): ConversationTurn | null => turns.get(ctx.update) ?? null;
