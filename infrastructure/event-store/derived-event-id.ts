import { createHash } from 'node:crypto';

/** RFC 4122 namespace for TBot's idempotency keys (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2a5e9b8d4c3aa1e07d2b5c4f8e19', 'hex');

/**
 * The id of the `index`-th event appended under an idempotency key: a UUID v5, so a retried command produces
 * the very same event ids and the store's unique `event_id` refuses a second copy.
 */
export function deriveEventId(idempotencyKey: string, index: number): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${idempotencyKey}\u0000${index}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
