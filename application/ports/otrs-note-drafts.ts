/**
 * The note conversation's state: after the note button or `/note NUMBER`, the next message of that user in
 * that chat is the note of `ticketId`. Shared by every node (the next message may reach another), kept a
 * bounded time, no text in it.
 */
export interface OtrsNoteDrafts {
  /** `telegramUserId`'s next message in `chatId` is a note of `ticketId` (replaces an earlier draft). */
  start(chatId: number, telegramUserId: number, ticketId: number, ttlMs: number): Promise<void>;
  /** The ticket the user's next message in `chatId` is a note of; `null` when no draft is open. */
  current(chatId: number, telegramUserId: number): Promise<number | null>;
  /**
   * Ends the draft, once its note is asked (not before: a redelivered message whose first try failed finds it
   * still open, and asks under the same key).
   */
  end(chatId: number, telegramUserId: number): Promise<void>;
}
