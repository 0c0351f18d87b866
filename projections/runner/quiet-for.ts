/** True when `pending` has not settled within `ms` and `signal` has not aborted; never rejects. */
export function quietFor(pending: Promise<unknown>, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (quiet: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stopped);
      resolve(quiet);
    };
    const stopped = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', stopped, { once: true });
    // The caller awaits `pending` itself and sees its error there.
    pending.then(
      () => done(false),
      () => done(false),
    );
  });
}
