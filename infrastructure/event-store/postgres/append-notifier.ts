import pg from 'pg';

export interface AppendNotifier {
  /** Says "something was appended" soon; calls while a notification is in flight fold into one more. */
  poke(): void;
  /** Waits for the notification in flight, if any. */
  drain(): Promise<void>;
}

/**
 * NOTIFY sent after the append has committed, outside its transaction, at most one at a time per process and one
 * per `minIntervalMs`: subscribers wake within a few milliseconds, and appends never queue behind the notify lock. If the process
 * dies between commit and notify, subscribers still find the events at their next poll.
 */
export function createAppendNotifier(
  pool: pg.Pool,
  channel: string,
  onError?: (error: unknown) => void,
  minIntervalMs = 5,
): AppendNotifier {
  let inFlight: Promise<void> | null = null;
  let again = false;

  // A notification needs no durability: skipping the commit flush keeps it off the appends' WAL queue.
  const statement = `begin; set local synchronous_commit = off; notify ${pg.escapeIdentifier(channel)}; commit`;
  const send = (): Promise<void> =>
    pool.query(statement).then(
      () => undefined,
      (error: unknown) => onError?.(error),
    );

  const run = async () => {
    do {
      again = false;
      await send();
      // Appends in the next few milliseconds share this wake-up rather than each costing a transaction.
      await new Promise((resolve) => setTimeout(resolve, minIntervalMs));
    } while (again);
    inFlight = null;
  };

  return {
    poke() {
      if (inFlight) again = true;
      else inFlight = run();
    },
    async drain() {
      await inFlight;
    },
  };
}
