/** An update as stored in the inbox, waiting to be handled. */
export interface InboxUpdate {
  readonly updateId: number;
  /** The update's JSON exactly as received (text: it may hold `\u0000`). */
  readonly raw: string;
  /** Failed handlings so far. */
  readonly attempts: number;
}

/** A Bot API call a handling of an update made and Telegram accepted: the n-th call of the update. */
export interface JournaledCall {
  readonly seq: number;
  readonly method: string;
  /** Telegram's `result`, as JSON. */
  readonly result: string;
}

/** How a failed handling is recorded: retried at `retryAt`, or failed for good when `retryAt` is `null`. */
export interface InboxFailure {
  readonly updateId: number;
  /** The error's class and code only: never its message, which may quote what a user wrote. */
  readonly error: string;
  readonly retryAt: Date | null;
}

export interface InboxCounts {
  readonly pending: number;
  readonly failed: number;
}

/**
 * The durable inbox of one bot's updates (`telegram.inbox`). An update is stored before Telegram is told it
 * arrived, so a crash can only make it be handled again, never lost; its handling is keyed by
 * `telegram:<bot id>:<update_id>` so a repeat redoes no effect.
 */
export interface TelegramInbox {
  /** Stores updates (a repeat of one already stored changes nothing). Resolves once they are durable. */
  receive(
    updates: readonly { readonly updateId: number; readonly chatKey: string; readonly raw: string }[],
  ): Promise<void>;
  /**
   * The next updates to handle: of each chat not in `busyChats`, its oldest pending update, if its retry time
   * has come; at most `limit`, oldest first.
   */
  next(limit: number, busyChats: readonly string[]): Promise<(InboxUpdate & { readonly chatKey: string })[]>;
  markDone(updateId: number): Promise<void>;
  markFailure(failure: InboxFailure): Promise<void>;
  /** The calls earlier handlings of the update made, by `seq`. */
  journal(updateId: number): Promise<JournaledCall[]>;
  recordCall(updateId: number, call: JournaledCall): Promise<void>;
  counts(): Promise<InboxCounts>;
  /** Deletes at most `maxRows` finished (done or failed) updates older than `before`; returns how many. */
  prune(before: Date, maxRows: number): Promise<number>;
}

/** The inbox's figures for metrics; the pending and failed counts are read from the inbox at scrape time. */
export interface TelegramInboxMetrics {
  /** A handling failed (it will be retried, or the update was given up on). */
  handlingFailed(): void;
  /** An update was given up on after its last allowed try. */
  gaveUp(): void;
}
