/**
 * The chat of a row for nobody (Telegram has no chat 0): a reactor found no recipient (a monitoring alert whose
 * group routes nowhere while `monitoring.adminsChat` is empty). The sender sends nothing: it logs the row's
 * params (ids only), counts it and marks it undeliverable, once per row, so a replay counts nothing twice.
 */
export const NO_RECIPIENT_CHAT = 0;

/** A message a reactor wants sent, as its outbox row holds it: what to send, never the rendered text. */
export interface OutboxMessage {
  /** Unique per (event, recipient): `<event id>:<recipient>`. A replay writing it again writes nothing. */
  readonly dedupeKey: string;
  /** The reactor (projection) that wrote it. */
  readonly reactor: string;
  /** What the sender renders, e.g. `telegram.accessDecision`. */
  readonly kind: string;
  readonly chatId: number;
  readonly threadId: number | null;
  /** What rendering needs (a verdict, a role, a language code), as JSON; no personal data beyond that. */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * The dedupe key of an earlier row (same chat) whose message this one edits rather than sends anew: an alert
   * updated as servers join or recover. It is sent only once that row is done; `undefined`/`null`: a new message.
   */
  readonly edits?: string | null;
  /** Sent with `disable_notification` (delivered without a sound): an alert inside its group's quiet hours. */
  readonly silent?: boolean;
}

/** A pending row a sender has claimed: nobody else sends it until `claimedUntil`. */
export interface ClaimedOutboxRow extends Omit<OutboxMessage, 'dedupeKey'> {
  readonly id: string;
  /** Tries so far, this one included. */
  readonly attempts: number;
  /**
   * For an edit: the message to edit (the latest its row or an earlier edit of it left in the chat), `null` when
   * none was delivered or its rows are gone: the sender then sends it as a new message.
   */
  readonly editsMessage?: { readonly messageId: number | null } | null;
  /**
   * For an edit: other copies of the message in the chat (a send that timed out after Telegram delivered it,
   * sent again), known once someone pressed a button on one; each is edited the same way.
   */
  readonly editsCopies?: readonly number[];
  /** Telegram's id of the message this row answers (a reminder under its alert), once that one was sent. */
  readonly repliesToMessageId?: number;
}

export type OutboxCounts = Readonly<Record<'pending' | 'sent' | 'undeliverable', number>>;

/**
 * Telegram's limits as the claim applies them across nodes, from the sends the outbox recorded (a row's
 * `done_at` is after Telegram answered, so after its call left: a bound on when calls left, never short of it).
 * A node's own client throttles too; this keeps two nodes from each sending a chat its whole allowance.
 */
export interface OutboxSendLimits {
  /** A chat's next row is due only this long after its last one was sent. */
  readonly chatSpacingMs: number;
  /** A group (negative chat id) is sent at most `groupMaxPerWindow` rows in any `groupWindowMs`. */
  readonly groupMaxPerWindow: number;
  readonly groupWindowMs: number;
  /** Rows sent in the last second plus rows claimed now, by every node, stay at or below this. */
  readonly globalPerSecond: number;
}

/** The notification outbox's sending side (DESIGN.md, "Projections": reactors). */
export interface Outbox {
  /**
   * Claims up to `max` pending rows that are due, at most one per chat and only a chat's oldest (notices to one
   * person arrive in order), for `claimMs`: another node takes them only once the claim has run out. With
   * `limits`, a chat is due only when its recent sends allow one more, and fewer rows are claimed when the
   * whole bot's second is full. First, a pending edit that a newer pending edit of the same message makes moot
   * is marked `superseded` (the newer one says the newest state): a card edited ten times while its chat waits
   * costs one call.
   */
  claim(
    owner: string,
    max: number,
    claimMs: number,
    /**
     * The reactors whose rows this node may send: the ones it knows and that are not parked. A node of an older
     * version leaves a newer reactor's rows to the nodes that know how to render them.
     */
    reactors: readonly string[],
    limits?: OutboxSendLimits,
  ): Promise<ClaimedOutboxRow[]>;
  /**
   * Marks a claimed row sent; `messageId`: Telegram's id of the message it sent or edited, which later rows
   * may edit.
   */
  markSent(id: string, messageId?: number | null): Promise<void>;
  /** Marks a claimed row undeliverable (the recipient blocked the bot, the chat is gone), with why. */
  markUndeliverable(id: string, error: string): Promise<void>;
  /** Releases a claimed row to be tried again after `delayMs`, with why. */
  retryLater(id: string, delayMs: number, error: string): Promise<void>;
  /** Deletes up to `maxRows` sent or undeliverable rows done before `before`; returns how many. */
  prune(before: Date, maxRows: number): Promise<number>;
  /** Rows by status; a count stops at `atMost`. */
  counts(atMost: number): Promise<OutboxCounts>;
}
