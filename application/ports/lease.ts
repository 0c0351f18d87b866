/**
 * A time-bound claim on a named duty (running one projection, polling Telegram), held by one node at a time.
 * A lease gives liveness only: whoever acts under it must also be fenced by the database (DESIGN.md).
 */
export interface Lease {
  readonly name: string;
  /** The holder's unique token (node id plus a random part); release and renew compare it. */
  readonly token: string;
  /** When the lease lapses unless renewed (epoch ms, as last granted). */
  readonly expiresAt: number;
  /** Extends the lease by its TTL; false when it was lost (expired and taken, or the store forgot it). */
  renew(): Promise<boolean>;
  /** Gives the lease up if still held (compare-and-delete); never throws for a lease already lost. */
  release(): Promise<void>;
}

export interface LeaseManager {
  /** Takes the lease if nobody holds it; `null` when another holder has it. */
  tryAcquire(name: string, ttlMs: number): Promise<Lease | null>;
  /** The current holder's token and remaining time, for status; `null` when free. */
  inspect(name: string): Promise<{ token: string; expiresInMs: number } | null>;
}
