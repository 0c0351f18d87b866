/**
 * One step of a short conversation in a user's private chat with the bot: `/otrs_link` asks the login
 * (`otrs-link`/`login`), then the password (`otrs-link`/`password`, a secret step); a ticket note waits for its
 * text. The next message of that user answers the step.
 */
export interface ConversationStep {
  /** The feature's conversation (`otrs-link`, `otrs-note`). */
  readonly kind: string;
  readonly step: string;
  /** What earlier steps gathered (a login, a ticket id): personal data, kept encrypted. */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * The answer to this step is a secret (a password): the bot takes its text out of the update before the
   * message log records it, and hands it to the feature alone (which deletes the message, if it should).
   */
  readonly secret: boolean;
}

/**
 * A step as kept. Once a secret step was answered the conversation is `ended`, but kept (until it expires)
 * with the update that answered it, `secretUpdateId`: a redelivery of that update is still the secret it was.
 */
export interface CurrentConversation extends ConversationStep {
  readonly ended: boolean;
  readonly secretUpdateId: number | null;
}

/**
 * The short conversations of a bot's users, one at a time per user, shared by the nodes of the cluster (the
 * inbox may hand the next message to another node) and ending by themselves after their time to live. The
 * data is encrypted with the Telegram user's personal data key: forgetting the user leaves nothing readable.
 */
export interface ChatConversations {
  /** Starts `step` for the user (replacing any conversation they were in), for `ttlMs` from now. */
  begin(telegramUserId: number, step: ConversationStep, ttlMs: number): Promise<void>;
  /**
   * The user's step, `null` when none (never begun, ended without a secret, expired, or its data unreadable:
   * the user was forgotten).
   */
  current(telegramUserId: number): Promise<CurrentConversation | null>;
  /**
   * Ends the conversation. `secretUpdateId`: the update that answered a secret step; the ended conversation
   * then stays until it expires, only to recognise a redelivery of that update as the secret it was.
   */
  end(telegramUserId: number, options?: { readonly secretUpdateId?: number }): Promise<void>;
  /** Deletes conversations expired before `before`, at most `maxRows`; returns how many. */
  prune(before: Date, maxRows: number): Promise<number>;
}
