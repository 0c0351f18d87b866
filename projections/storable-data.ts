import { storableText } from '../domain/shared/index.ts';

/**
 * Event data with every string made storable in a PostgreSQL text column (`storableText`: NUL and lone
 * surrogates become U+FFFD), at any depth. The interfaces refuse such text, but an event already in the log
 * (appended before they did, or restored from a backup) must not park a read model: its writers apply this to
 * what they read before they write it.
 */
export function storableData<T>(data: T): T {
  return storable(data) as T;
}

function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, storable(item)]));
  }
  return value;
}
