import type { UserDirectory, UserView } from '../../../application/ports/index.ts';

/**
 * How long a node trusts what it read of a user. A change made through another node (or the CLI) reaches
 * this node's requests at most this long after that node's read model has it: the bound on how long a
 * disabled user's or a demoted user's access token still works somewhere in the cluster.
 */
export const CURRENT_USERS_TTL_MS = 2_000;
/** Users remembered per process; the least recently used is forgotten first. */
export const CURRENT_USERS_MAX_ENTRIES = 10_000;

/** The users read model as authentication sees it: each request's user as of now, not as of its token. */
export interface CurrentUsers {
  /** The user (role, disabled) as read at most the TTL ago by this process; `null` for an unknown id. */
  find(userId: string): Promise<UserView | null>;
  /** Forgets the user: this process's next request for them reads the read model. */
  forget(userId: string): void;
}

export interface CurrentUsersOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Milliseconds of a monotonic clock; `performance.now` by default. */
  readonly now?: () => number;
}

interface Entry {
  readonly user: Promise<UserView | null>;
  readonly expiresAt: number;
}

/**
 * `directory.findById` behind a small per-process cache, so that an authenticated read costs a map look-up,
 * not a query. The cache keeps the pending read: concurrent requests of one user share one query. Its age
 * counts from when the query began, so what it answers is never older than the TTL.
 */
export function cachedCurrentUsers(
  directory: Pick<UserDirectory, 'findById'>,
  options: CurrentUsersOptions = {},
): CurrentUsers {
  const ttlMs = options.ttlMs ?? CURRENT_USERS_TTL_MS;
  const maxEntries = options.maxEntries ?? CURRENT_USERS_MAX_ENTRIES;
  const now = options.now ?? (() => performance.now());
  // A Map iterates in insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, Entry>();

  function load(userId: string, at: number): Entry {
    const entry: Entry = { user: directory.findById(userId), expiresAt: at + ttlMs };
    // A failed read is not remembered; unless forgotten or replaced meanwhile, the next request tries again.
    void entry.user.catch(() => {
      if (entries.get(userId) === entry) entries.delete(userId);
    });
    entries.set(userId, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
    return entry;
  }

  return {
    find(userId) {
      const at = now();
      const cached = entries.get(userId);
      entries.delete(userId);
      if (cached && cached.expiresAt > at) {
        entries.set(userId, cached);
        return cached.user;
      }
      return load(userId, at).user;
    },
    forget(userId) {
      entries.delete(userId);
    },
  };
}
