import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

/** Marks an encrypted personal value: `pd1:<base64url(iv | ciphertext | tag)>`, AES-256-GCM. */
export const ENCRYPTED_PREFIX = 'pd1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;

// One `randomBytes` call costs about as much as the encryption itself: draw IVs from a larger random
// block (4,096 of them), replaced, never reused, when spent.
const IV_BLOCK = IV_BYTES * 4096;
let ivBlock = randomBytes(IV_BLOCK);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset === IV_BLOCK) {
    ivBlock = randomBytes(IV_BLOCK);
    ivOffset = 0;
  }
  ivOffset += IV_BYTES;
  return ivBlock.subarray(ivOffset - IV_BYTES, ivOffset);
}

/** An encrypted value that does not decrypt with its subject's key: tampered, or moved to another event. */
export class PersonalDataDecryptionError extends Error {
  override readonly name = 'PersonalDataDecryptionError';
  readonly code = 'PERSONAL_DATA.UNDECRYPTABLE';
  constructor(
    readonly subjectId: string,
    readonly eventType: string,
  ) {
    super(`A personal data field of a ${eventType} event of ${subjectId} does not decrypt with its key`);
  }
}

/**
 * The additional authenticated data of a field: the subject and the event type, so that a ciphertext copied
 * into another person's event (or another event type) fails to decrypt instead of reading as theirs.
 */
export function fieldContext(subjectId: string, eventType: string): Buffer {
  return Buffer.from(`${subjectId}\u0000${eventType}`, 'utf8');
}

/** Encrypts one value with a fresh random IV; the result is a JSON-safe string. */
export function encryptValue(key: KeyObject, context: Buffer, plaintext: string): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(context);
  const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return ENCRYPTED_PREFIX + body.toString('base64url');
}

export function isEncryptedValue(value: string): boolean {
  return value.startsWith(ENCRYPTED_PREFIX);
}

/**
 * Decrypts a value made by {@link encryptValue}; `undefined` when it does not authenticate (the caller
 * decides what that means). A value without the prefix is returned as it is.
 */
export function decryptValue(key: KeyObject, context: Buffer, value: string): string | undefined {
  if (!isEncryptedValue(value)) return value;
  const body = Buffer.from(value.slice(ENCRYPTED_PREFIX.length), 'base64url');
  if (body.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
    decipher.setAAD(context);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const text = decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES), undefined, 'utf8');
    return text + decipher.final('utf8');
  } catch {
    return undefined;
  }
}
