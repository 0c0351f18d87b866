import type { Update } from 'grammy/types';
import type { TelegramInbox } from '../../../application/telegram/index.ts';
import { chatKeyOf } from './update-chat-key.ts';

/** Stores updates in the inbox (resolves once durable), then calls `stored` (to wake the worker). */
export const inboxReceiver =
  (inbox: TelegramInbox, stored: () => void) =>
  async (updates: readonly Update[]): Promise<void> => {
    await inbox.receive(
      updates.map((u) => ({ updateId: u.update_id, chatKey: chatKeyOf(u), raw: JSON.stringify(u) })),
    );
    stored();
  };
