/** One message through the bot: what a user sent (a text, a button's data) or what the bot answered. */
export interface LoggedMessage {
  readonly direction: 'in' | 'out';
  readonly chatId: number;
  /** Telegram's message id; `null` for a button press or an answer that failed. */
  readonly messageId: number | null;
  readonly threadId: number | null;
  /** The sender (`in`) or the addressee when known (`out`). */
  readonly telegramUserId: number | null;
  /** `in` only: the update that carried it. */
  readonly updateId: number | null;
  /** `message`, `callback_query`, `sendMessage`, `editMessageText`, ... */
  readonly kind: string;
  readonly text: string | null;
  readonly at: Date;
}

/**
 * The message log (`telegram.messages`): what went in and out, kept for a retention period. Not events:
 * messages are high-rate and personal, so they are rows with a retention, pruned in bounded batches.
 */
export interface MessageLog {
  /**
   * Records an incoming update. Returns false when its `updateId` was already recorded: the update is a
   * redelivery (a webhook retry, a poller taking over) and has been handled.
   */
  recordIncoming(message: LoggedMessage & { readonly updateId: number }): Promise<boolean>;
  recordOutgoing(message: LoggedMessage): Promise<void>;
  /** The text of an incoming message, while the log keeps it (`null` once pruned or never seen). */
  incomingText(chatId: number, messageId: number): Promise<string | null>;
  /** An incoming message's stored text and its sender, while the log keeps it. */
  incoming(
    chatId: number,
    messageId: number,
  ): Promise<{ readonly text: string | null; readonly telegramUserId: number | null } | null>;

  /** Deletes at most `maxRows` messages older than `before`; returns how many it deleted. */
  prune(before: Date, maxRows: number): Promise<number>;
}
