/**
 * How long a step stays kept after it expired, as a marker: a message dated after the step's end that would
 * have answered a secret step (a late password) is still known as one, and kept out of every log.
 */
export const CONVERSATION_MARKER_MS = 24 * 60 * 60_000;

/**
 * One step of a short conversation of a user with the bot, one step per user at a time: `/otrs_link` asks the
 * login (`otrs-link`/`login`), then the password (`otrs-link`/`password`, a secret step); a ticket note
 * (`otrs-note`) waits for its text in the chat it was asked in. The next message of that user in that chat
 * answers the step. Beginning a step ends whatever step the user was at, so a password can never be taken as
 * a note, nor a note as a password.
 */
export interface ConversationStep {
  /** The feature's conversation (`otrs-link`, `otrs-note`). */
  readonly kind: string;
  readonly step: string;
  /** The chat whose next message answers the step; the user's private chat when absent. */
  readonly chatId?: number;
  /** What earlier steps gathered (a login, a ticket id): personal data, kept encrypted. */
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * The answer to this step is a secret (a password): the bot takes its text out of the update before the
   * message log records it, and hands it to the feature alone (which deletes the message, if it should).
   */
  readonly secret: boolean;
}

/**
 * A step as kept. Whether a message answers it in time is judged by the message's own date (when the user
 * sent it, not when the bot got it) against `expiresAt`. An answered (or abandoned) step is `ended`, but kept.
 * `secretUpdateId` is the update that last answered a secret step of the user, kept across the steps begun
 * after it: a redelivery of that update is still the secret it was, whatever step the user is at now.
 */
export interface CurrentConversation extends ConversationStep {
  readonly chatId: number;
  readonly expiresAt: Date;
  readonly ended: boolean;
  readonly secretUpdateId: number | null;
}

/**
 * The short conversations of a bot's users, one at a time per user, shared by the nodes of the cluster (the
 * inbox may hand the next message to another node). A step is kept {@link CONVERSATION_MARKER_MS} after it
 * expired, as a marker. The data is encrypted with the Telegram user's personal data key: forgetting the user
 * leaves nothing readable.
 */
export interface ChatConversations {
  /** Starts `step` for the user (replacing any conversation they were in), for `ttlMs` from now. */
  begin(telegramUserId: number, step: ConversationStep, ttlMs: number): Promise<void>;
  /**
   * The user's step, expired or ended or not, until {@link CONVERSATION_MARKER_MS} after it expired; `null`
   * when none (never begun, pruned, or its data unreadable: the user was forgotten).
   */
  current(telegramUserId: number): Promise<CurrentConversation | null>;
  /**
   * Ends the conversation (kept as ended until pruned). `secretUpdateId`: the update that answered a secret
   * step, recognised as that secret when it is delivered again. `kind`: ends it only if it is still that
   * feature's (a note sent must not end a password step begun since).
   */
  end(
    telegramUserId: number,
    options?: { readonly secretUpdateId?: number; readonly kind?: string },
  ): Promise<void>;
  /** Deletes conversations expired before `before`, at most `maxRows`; returns how many. */
  prune(before: Date, maxRows: number): Promise<number>;
}
