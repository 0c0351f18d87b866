import { randomBytes } from 'node:crypto';
import type { Lease, LeaseManager } from '../../application/ports/index.ts';

export interface MemoryLeaseGrant {
  token: string;
  /** Epoch ms on the manager's clock. */
  expiresAt: number;
}

/** Lease name to current grant; managers given the same table behave as nodes sharing one Redis. */
export type MemoryLeaseTable = Map<string, MemoryLeaseGrant>;

export interface MemoryLeaseManagerOptions {
  readonly nodeId: string;
  /** Epoch ms; `Date.now` unless a test drives time itself. */
  readonly now?: () => number;
  /** A fresh table unless given. */
  readonly table?: MemoryLeaseTable;
}

/**
 * Leases in process memory, for the embedded single-node mode (no Redis): the same rules as the Redis adapter,
 * a grant lapses at `expiresAt` and only the token that holds it can renew or release it.
 */
export function createMemoryLeaseManager(options: MemoryLeaseManagerOptions): LeaseManager {
  const now = options.now ?? Date.now;
  const table: MemoryLeaseTable = options.table ?? new Map<string, MemoryLeaseGrant>();

  // Like Redis, a lapsed grant is simply gone: reading drops it.
  const live = (name: string) => {
    const grant = table.get(name);
    if (grant !== undefined && now() >= grant.expiresAt) {
      table.delete(name);
      return undefined;
    }
    return grant;
  };

  const lease = (name: string, token: string, ttlMs: number, grantedUntil: number): Lease => {
    let expiresAt = grantedUntil;
    return {
      name,
      token,
      get expiresAt() {
        return expiresAt;
      },
      renew() {
        const grant = live(name);
        if (grant?.token !== token) return Promise.resolve(false);
        grant.expiresAt = expiresAt = now() + ttlMs;
        return Promise.resolve(true);
      },
      release() {
        if (live(name)?.token === token) table.delete(name);
        return Promise.resolve();
      },
    };
  };

  return {
    tryAcquire(name, ttlMs) {
      if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
        return Promise.reject(new RangeError(`lease TTL must be a positive integer, got ${ttlMs}`));
      }
      if (live(name) !== undefined) return Promise.resolve(null);
      const token = `${options.nodeId}:${randomBytes(9).toString('base64url')}`;
      const expiresAt = now() + ttlMs;
      table.set(name, { token, expiresAt });
      return Promise.resolve(lease(name, token, ttlMs, expiresAt));
    },
    inspect(name) {
      const grant = live(name);
      return Promise.resolve(
        grant === undefined ? null : { token: grant.token, expiresInMs: grant.expiresAt - now() },
      );
    },
  };
}
