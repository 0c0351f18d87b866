import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Lease, LeaseManager } from '../../application/ports/index.ts';

export interface RedisLeaseManagerOptions {
  readonly redis: Redis;
  /** Starts every token, so that status can tell which node holds a lease. */
  readonly nodeId: string;
  /** Default `tbot:lease:`; the key of lease `name` is the prefix followed by the name. */
  readonly keyPrefix?: string;
  /** The local clock that `expiresAt` is read against; `Date.now` unless a test replaces it. */
  readonly now?: () => number;
}

// Both compare the stored token first: a holder whose lease lapsed and was taken must not touch the new one.
const RENEW_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;
const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

interface LeaseCommands {
  tbotLeaseRenew(key: string, token: string, ttlMs: number): Promise<number>;
  tbotLeaseRelease(key: string, token: string): Promise<number>;
}

/** Defines the scripts once per client (ioredis sends EVALSHA, falling back to EVAL after a Redis restart). */
function withLeaseCommands(redis: Redis): Redis & LeaseCommands {
  if (!('tbotLeaseRenew' in redis)) {
    redis.defineCommand('tbotLeaseRenew', { numberOfKeys: 1, lua: RENEW_LUA });
    redis.defineCommand('tbotLeaseRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
  }
  return redis as Redis & LeaseCommands;
}

/** Leases as Redis keys: `SET NX PX` to take, compare-and-PEXPIRE to renew, compare-and-DEL to release. */
export function createRedisLeaseManager(options: RedisLeaseManagerOptions): LeaseManager {
  const redis = withLeaseCommands(options.redis);
  const keyPrefix = options.keyPrefix ?? 'tbot:lease:';
  const now = options.now ?? Date.now;

  const lease = (name: string, key: string, token: string, ttlMs: number, grantedAt: number): Lease => {
    // Counted from before the request was sent: Redis started the TTL later, so the local expiry is never
    // later than the real one (clock rates assumed alike over one TTL).
    let expiresAt = grantedAt + ttlMs;
    let lost = false;
    return {
      name,
      token,
      get expiresAt() {
        return expiresAt;
      },
      async renew() {
        if (lost) return false;
        const sentAt = now();
        let renewed: boolean;
        try {
          renewed = (await redis.tbotLeaseRenew(key, token, ttlMs)) === 1;
        } catch {
          // A Redis error says nothing about the lease: it is still ours until its local expiry (nobody can
          // have taken it before then), so an outage shorter than the TTL does not make the holder step down.
          // Past that expiry it may have been taken: it counts as lost, even if Redis comes back still
          // holding it, so that renew never claims a lease beyond the time it was last granted for.
          if (now() < expiresAt) return true;
          lost = true;
          return false;
        }
        if (renewed) expiresAt = Math.max(expiresAt, sentAt + ttlMs);
        // A reply that came after the local expiry cannot prove the lease was held without a gap.
        if (!renewed || now() >= expiresAt) lost = true;
        return !lost;
      },
      async release() {
        lost = true;
        try {
          await redis.tbotLeaseRelease(key, token);
        } catch {
          // Best effort: a key that could not be deleted lapses by its TTL, and nobody renews it any more.
        }
      },
    };
  };

  return {
    async tryAcquire(name, ttlMs) {
      // PX takes a positive integer; anything else would be a Redis syntax error far from its cause.
      if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
        throw new RangeError(`lease TTL must be a positive integer, got ${ttlMs}`);
      }
      const key = keyPrefix + name;
      const token = `${options.nodeId}:${randomBytes(9).toString('base64url')}`;
      const sentAt = now();
      const reply = await redis.set(key, token, 'PX', ttlMs, 'NX');
      return reply === 'OK' ? lease(name, key, token, ttlMs, sentAt) : null;
    },
    async inspect(name) {
      const key = keyPrefix + name;
      // One transaction, so that the remaining time belongs to the token read.
      const results = await redis.multi().get(key).pttl(key).exec();
      if (results === null) throw new Error(`Redis aborted the transaction inspecting lease ${name}`);
      const [[getError, token], [pttlError, pttl]] = results as [
        [Error | null, unknown],
        [Error | null, unknown],
      ];
      if (getError) throw getError;
      if (pttlError) throw pttlError;
      if (typeof token !== 'string') return null;
      // -1 (no expiry) is never written by this adapter; show it honestly rather than as a time.
      const expiresInMs = typeof pttl === 'number' && pttl >= 0 ? pttl : Number.POSITIVE_INFINITY;
      return { token, expiresInMs };
    },
  };
}
