import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../application/ports/index.ts';

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum), a fresh salt per hash. */
export const argon2PasswordHasher: PasswordHasher = {
  hash: (password) => hash(password),
  async verify(passwordHash, password) {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
};
