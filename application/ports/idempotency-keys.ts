/** What a first or repeated use of an HTTP idempotency key finds. */
export type IdempotencyClaim =
  /** The key is new (or its old use expired): a new command, handled under `nonce`. */
  | { readonly outcome: 'new'; readonly nonce: string }
  /** The key was used for this very request: a retry, handled under the first use's `nonce`. */
  | { readonly outcome: 'same'; readonly nonce: string; readonly status: number | null }
  /** The key was used for another request (route, target or body): refused, nothing happens. */
  | { readonly outcome: 'reused' };

/** Where the idempotency keys of the HTTP API are kept, and where old keys of every kind expire. */
export interface IdempotencyKeys {
  /**
   * Records the first use of `key` with the hash of its request, or finds its earlier use. A use older than
   * `retentionDays` has expired: the key starts over as new, with a new nonce.
   */
  claim(key: string, requestHash: string, retentionDays: number): Promise<IdempotencyClaim>;
  /** Notes the status the first use answered (for an operator looking into a retry). */
  recordStatus(key: string, nonce: string, status: number): Promise<void>;
  /**
   * Deletes at most `maxRows` HTTP keys and at most `maxRows` event store keys used before `before`; the
   * number deleted. The HTTP key of a command goes first: while it lives, so does its event store key.
   */
  pruneBefore(before: Date, maxRows: number): Promise<number>;
}
