import type { Update } from 'grammy/types';

const idOf = (value: unknown): number | null => {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

const field = (value: object, name: string): unknown => (value as Record<string, unknown>)[name];

/**
 * The key that orders an update among others: updates with one key are handled one after another, in
 * `update_id` order; different keys may go in parallel. It is the chat the update happened in (a message, a
 * button under a message, a member change), else the user who caused it (a private chat's id is the user's,
 * so an inline press orders with that user's messages), else the update alone.
 */
export function chatKeyOf(update: Update): string {
  for (const [kind, value] of Object.entries(update) as [string, unknown][]) {
    if (kind === 'update_id' || typeof value !== 'object' || value === null) continue;
    const message = field(value, 'message');
    const chatId =
      idOf(field(value, 'chat')) ??
      (typeof message === 'object' && message !== null ? idOf(field(message, 'chat')) : null) ??
      idOf(field(value, 'from')) ??
      idOf(field(value, 'user'));
    if (chatId !== null) return `chat:${chatId}`;
  }
  return `update:${update.update_id}`;
}
