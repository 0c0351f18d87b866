import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

export const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a data key under the master key (AES-256-GCM): `iv | ciphertext | tag`. The subject id is the
 * additional data, so a wrapped key copied to another person's row does not unwrap.
 */
export function wrapKey(
  masterKey: KeyObject,
  subjectId: string,
  dataKey: Buffer,
  iv: Buffer = randomBytes(IV_BYTES),
): Buffer {
  if (iv.length !== IV_BYTES) throw new RangeError(`A key wrapping IV is ${IV_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(subjectId, 'utf8'));
  return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

/** The data key, or `undefined` when the wrapped bytes do not authenticate. */
export function unwrapKey(masterKey: KeyObject, subjectId: string, wrapped: Buffer): Buffer | undefined {
  if (wrapped.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(subjectId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}
