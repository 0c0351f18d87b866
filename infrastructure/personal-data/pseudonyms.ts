import { createHmac } from 'node:crypto';
import type { MasterKey } from './master-key.ts';

/**
 * A pseudonym maker for one purpose: an HMAC-SHA256 under a key derived from the master key for that purpose
 * alone, cut to 22 base64url characters (132 bits). The same text gives the same pseudonym on every node and
 * across restarts, so it can name a stream or a subject; without the master key nobody can test a guess
 * against it, and two purposes never share a pseudonym.
 */
export function pseudonymsFor(masterKey: MasterKey, purpose: string): (canonical: string) => string {
  const key = createHmac('sha256', masterKey.key.export()).update(purpose).digest();
  return (canonical) => createHmac('sha256', key).update(canonical).digest('base64url').slice(0, 22);
}
