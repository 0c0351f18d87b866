/** The outcome of spending one request from a key's budget. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests left in the current window. */
  readonly remaining: number;
  /** Milliseconds until the window resets (until a refused caller may try again). */
  readonly resetMs: number;
}

/** A fixed-window request budget per key (an IP address, a user id). */
export interface RateLimiter {
  readonly points: number;
  readonly durationSeconds: number;
  consume(key: string): Promise<RateLimitDecision>;
}

/** A budget that can also be read without spending and forgiven: for counting failures only (logins). */
export interface InspectableRateLimiter extends RateLimiter {
  /** Milliseconds until `key` may spend again, `null` while it has budget left. */
  blockedFor(key: string): Promise<number | null>;
  /** Forgets what `key` spent. */
  reset(key: string): Promise<void>;
}
