import { createHash } from 'node:crypto';
import type { CommandContext } from '../commands/index.ts';
import type { IdGenerator } from '../ports/index.ts';

/**
 * The id of a new department, employee or workstation. With an idempotency key it is derived from the key
 * (a name-based UUID), so a retried creation names the same entity and appends nothing twice; without one
 * it is a fresh id.
 */
export function newEntityId(ids: IdGenerator, kind: string, write: CommandContext): string {
  if (write.idempotencyKey === undefined) return ids.newId();
  // `tbot.directory.` is the seed of ids already stored: the feature's old name, kept so that a retried
  // write finds the entity it made before.
  const hash = createHash('sha1').update(`tbot.directory.${kind}\u0000${write.idempotencyKey}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
