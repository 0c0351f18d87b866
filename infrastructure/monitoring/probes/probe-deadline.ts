/**
 * One check's whole time budget as one signal: it fires when the timeout passes or the caller aborts
 * (shutdown, a lost partition), whichever comes first, and says which, so a result names the right reason.
 */
export interface ProbeDeadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Why the signal fired, or null while it has not. */
  reason(): 'timeout' | 'aborted' | null;
}

export function startDeadline(timeoutMs: number, caller?: AbortSignal): ProbeDeadline {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = caller === undefined ? timeout : AbortSignal.any([timeout, caller]);
  return {
    signal,
    timeoutMs,
    reason: () => {
      if (caller?.aborted === true) return 'aborted';
      return timeout.aborted ? 'timeout' : null;
    },
  };
}

/** The text of a result ended by its deadline. */
export function deadlineMessage(deadline: ProbeDeadline): string {
  return deadline.reason() === 'aborted' ? 'aborted' : `timed out after ${deadline.timeoutMs} ms`;
}

/** Resolves when the signal fires (at once if it already has); for racing work that takes no signal. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
