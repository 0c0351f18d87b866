import { createHash, createSecretKey, type KeyObject } from 'node:crypto';

/** The key that wraps every person's data key (`PERSONAL_DATA_MASTER_KEY`), with its fingerprint. */
export interface MasterKey {
  /** A short fingerprint stored beside each wrapped key, so a wrong master key is named, not used. */
  readonly id: string;
  readonly key: KeyObject;
}

export const MASTER_KEY_BYTES = 32;

/**
 * Reads a master key written as 64 hex digits or as base64 / base64url of 32 bytes; `null` when the text
 * is neither. Never echo the text in an error.
 */
export function parseMasterKey(text: string): MasterKey | null {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (bytes?.length !== MASTER_KEY_BYTES) return null;
  return masterKeyOf(bytes);
}

export function masterKeyOf(bytes: Buffer): MasterKey {
  // A hash of a domain-separated input: the fingerprint reveals nothing usable about the key.
  const id = createHash('sha256').update('tbot personal data master key\u0000').update(bytes).digest('hex');
  return { id: id.slice(0, 16), key: createSecretKey(bytes) };
}
