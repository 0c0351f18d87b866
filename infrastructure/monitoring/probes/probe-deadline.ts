/**
 * One check's whole time budget as one signal: it fires when the timeout passes or the caller aborts
 * (shutdown, a lost partition), whichever comes first, and says which, so a result names the right reason.
 * `dispose` when the check is over: the caller's signal outlives thousands of checks, and a listener
 * left on it by each (as `AbortSignal.any` leaves its bookkeeping) would pile up for the life of the node.
 */
export interface ProbeDeadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Why the signal fired, or null while it has not. */
  reason(): 'timeout' | 'aborted' | null;
  dispose(): void;
}

export function startDeadline(timeoutMs: number, caller?: AbortSignal): ProbeDeadline {
  const controller = new AbortController();
  let reason: 'timeout' | 'aborted' | null = null;
  const fire = (why: 'timeout' | 'aborted') => {
    if (reason !== null) return;
    reason = why;
    controller.abort(new Error(why === 'timeout' ? `timed out after ${timeoutMs} ms` : 'aborted'));
  };
  const onCallerAbort = () => fire('aborted');
  const timer = setTimeout(() => fire('timeout'), timeoutMs);
  if (caller?.aborted === true) fire('aborted');
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timeoutMs,
    reason: () => reason,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
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
