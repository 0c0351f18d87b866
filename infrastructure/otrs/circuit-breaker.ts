/**
 * A circuit breaker: after `failureThreshold` failures in a row it opens and calls fail at once for
 * `openMs`; then it lets one call through (half-open): a success closes it, a failure opens it again.
 * A service that is down is then asked once per `openMs` instead of by every caller with every retry.
 */
export interface CircuitBreaker {
  /** Whether a call may go out now; in half-open, true for one caller at a time. */
  tryAcquire(): boolean;
  succeeded(): void;
  failed(): void;
  /**
   * A call that told nothing of the service (a bug of ours threw before or after it): a closed breaker counts
   * nothing, so a bug cannot shut OTRS off for everyone; a half-open probe gives its turn back by opening
   * again, so the breaker is not held half-open for good.
   */
  abandoned(): void;
  /** For health and logs. */
  state(): 'closed' | 'open' | 'half-open';
}

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
  /** Milliseconds on a monotonic clock; `performance.now` by default. */
  readonly now?: () => number;
  /** Told when it opens and when it closes again (a log line for the operator). */
  readonly onChange?: (state: 'open' | 'closed') => void;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? (() => performance.now());
  let failures = 0;
  let openedAt: number | null = null;
  let probing = false;

  const open = () => {
    const wasOpen = openedAt !== null;
    openedAt = now();
    probing = false;
    if (!wasOpen) options.onChange?.('open');
  };

  return {
    tryAcquire() {
      if (openedAt === null) return true;
      if (probing || now() - openedAt < options.openMs) return false;
      probing = true;
      return true;
    },
    succeeded() {
      failures = 0;
      probing = false;
      if (openedAt !== null) {
        openedAt = null;
        options.onChange?.('closed');
      }
    },
    failed() {
      failures += 1;
      if (probing || failures >= options.failureThreshold) open();
    },
    abandoned() {
      if (probing) open();
    },
    state() {
      if (openedAt === null) return 'closed';
      return probing || now() - openedAt >= options.openMs ? 'half-open' : 'open';
    },
  };
}
