/**
 * A bounded least-recently-used cache whose entries expire `ttlMs` after they were stored. The TTL bounds
 * how long another node's `forget` goes unnoticed here.
 */
export interface KeyCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
}

export function createKeyCache<V>(options: {
  readonly maxEntries: number;
  readonly ttlMs: number;
  readonly now?: () => number;
}): KeyCache<V> {
  const now = options.now ?? (() => performance.now());
  // A Map iterates in insertion order: re-inserting on a hit makes the first entry the least recently used.
  const entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
