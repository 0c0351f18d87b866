/** Slow, salted password hashing (argon2id in production). Hashes are PHC strings that carry their salt. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** `false` for a wrong password or an unreadable hash; never throws for either. */
  verify(hash: string, password: string): Promise<boolean>;
}
