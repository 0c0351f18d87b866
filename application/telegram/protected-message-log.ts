import {
  type PersonalDataKeys,
  decryptValue,
  encryptValue,
  fieldContext,
  isEncryptedValue,
  telegramUserSubject,
} from '../personal-data/index.ts';
import type { LoggedMessage, MessageLog } from './message-log.ts';

export interface ProtectedMessageLogDeps {
  readonly keys: PersonalDataKeys;
  /**
   * `telegram.keepMessageTexts`: keep the texts the bot sends (its `/find` answers hold names and phones).
   * Off by default: the log then records that a message went out, never what it said.
   */
  readonly keepOutgoingTexts: () => boolean;
}

// The context of a message text's encryption: a text of the log never decrypts as an event's field.
const CONTEXT = 'telegram.messages';

/**
 * The message log with its texts protected like events' personal data: a text is encrypted with the key of
 * the Telegram user who wrote it (or, kept outgoing, to whom it went), so forgetting that user makes it
 * unreadable at once, before their rows are purged. An incoming text is kept (the `/find` buttons read their
 * query back); a text without a known person (a group's answer) is not kept at all, nor one of a forgotten
 * user (the key store refuses them a key). Texts stored before this ran read as they are.
 */
export function withProtectedMessageTexts(log: MessageLog, deps: ProtectedMessageLogDeps): MessageLog {
  const { keys } = deps;
  const protect = async (text: string | null, telegramUserId: number | null): Promise<string | null> => {
    if (text === null || telegramUserId === null) return null;
    const subject = telegramUserSubject(telegramUserId);
    try {
      const { key } = await keys.getOrCreate(subject);
      return encryptValue(key, fieldContext(subject, CONTEXT), text);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'PERSONAL_DATA.SUBJECT_FORGOTTEN') return null;
      throw error;
    }
  };

  return {
    recordIncoming: async (message) =>
      log.recordIncoming({ ...message, text: await protect(message.text, message.telegramUserId) }),

    async recordOutgoing(message: LoggedMessage) {
      const text = deps.keepOutgoingTexts() ? await protect(message.text, message.telegramUserId) : null;
      await log.recordOutgoing({ ...message, text });
    },

    async incomingText(chatId, messageId) {
      const found = await log.incoming(chatId, messageId);
      if (!found || found.text === null) return null;
      if (!isEncryptedValue(found.text)) return found.text;
      if (found.telegramUserId === null) return null;
      const subject = telegramUserSubject(found.telegramUserId);
      const key = await keys.get(subject);
      // Forgotten (or tampered): the text is gone, as a pruned one; the button says it is stale.
      return key ? (decryptValue(key.key, fieldContext(subject, CONTEXT), found.text) ?? null) : null;
    },

    incoming: (chatId, messageId) => log.incoming(chatId, messageId),
    prune: (before, maxRows) => log.prune(before, maxRows),
  };
}
