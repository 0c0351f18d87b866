import type { KeyObject } from 'node:crypto';

/** A person's data key, unwrapped: 32 bytes for AES-256-GCM, kept as a `KeyObject` so it is never logged. */
export interface PersonalDataKey {
  readonly subjectId: string;
  readonly key: KeyObject;
}

/**
 * One data key per person (crypto-shredding, DESIGN.md "Events"). A subject id names the person across the
 * log (`employee-<employeeId>`); the key encrypts their personal data in events. Forgetting deletes it: the
 * events stay, their personal fields unreadable.
 */
export interface PersonalDataKeys {
  /** The subject's key, created (and stored) when it has none. */
  getOrCreate(subjectId: string): Promise<PersonalDataKey>;
  /** {@link getOrCreate} for many subjects in a few round trips (imports of 100,000 people). */
  getOrCreateMany(subjectIds: readonly string[]): Promise<ReadonlyMap<string, PersonalDataKey>>;
  /** The subject's key, or `null` when it was forgotten (or never created). */
  get(subjectId: string): Promise<PersonalDataKey | null>;
  /** {@link get} for many subjects; every subject asked for is in the map, forgotten ones as `null`. */
  getMany(subjectIds: readonly string[]): Promise<ReadonlyMap<string, PersonalDataKey | null>>;
  /**
   * Deletes the subject's key, for good: true when there was one. Other nodes may keep a cached copy for a
   * few seconds (their cache's TTL); this node stops using it at once.
   */
  forget(subjectId: string): Promise<boolean>;
}
