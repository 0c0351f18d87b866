import type { ChatConversations, Clock, OtrsNoteDrafts } from '../../../application/ports/index.ts';
import type { OtrsBotActions } from './otrs-bot-actions.ts';

/** The note's conversation: after the note button or `/note NUMBER`, the user's next text in that chat. */
export const OTRS_NOTE_CONVERSATION = 'otrs-note';

/**
 * A ticket note's draft kept as the user's conversation step (`telegram.conversations`), the store
 * `/otrs_link`'s steps are in: one step per user, so beginning `/otrs_link` ends an open note draft and
 * asking a note ends a password step; a password can never be posted as a note. The draft is over at its
 * time to live by the bot's clock (a note is no secret: a late one is an ordinary message).
 */
export function conversationNoteDrafts(conversations: ChatConversations, clock: Clock): OtrsNoteDrafts {
  return {
    start: (chatId, telegramUserId, ticketId, ttlMs) =>
      conversations.begin(
        telegramUserId,
        { kind: OTRS_NOTE_CONVERSATION, step: 'text', chatId, data: { ticketId }, secret: false },
        ttlMs,
      ),
    async current(chatId, telegramUserId) {
      const step = await conversations.current(telegramUserId);
      if (step?.kind !== OTRS_NOTE_CONVERSATION || step.ended || step.chatId !== chatId) return null;
      if (step.expiresAt.getTime() <= clock.now().getTime()) return null;
      const ticketId = step.data['ticketId'];
      return typeof ticketId === 'number' ? ticketId : null;
    },
    end: (_chatId, telegramUserId) => conversations.end(telegramUserId, { kind: OTRS_NOTE_CONVERSATION }),
  };
}

/** The bot's OTRS actions with their note drafts kept in the bot's conversations. */
export const withNoteConversation = (
  actions: Omit<OtrsBotActions, 'drafts'>,
  conversations: ChatConversations,
  clock: Clock,
): OtrsBotActions => ({ ...actions, drafts: conversationNoteDrafts(conversations, clock) });
