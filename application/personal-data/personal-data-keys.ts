import type { KeyObject } from 'node:crypto';
import { DomainError } from '../../domain/shared/index.ts';

/** A person's data key, unwrapped: 32 bytes for AES-256-GCM, kept as a `KeyObject` so it is never logged. */
export interface PersonalDataKey {
  readonly subjectId: string;
  readonly key: KeyObject;
}

/**
 * A write of personal data for a person who was forgotten: their key is gone for good and none is created
 * again, or a write racing the forget (an edit, an import) would leave their data readable under a new key.
 */
export class SubjectForgottenError extends DomainError {
  override readonly name = 'SubjectForgottenError';
  constructor(readonly subjectId: string) {
    super(
      'PERSONAL_DATA.SUBJECT_FORGOTTEN',
      `${subjectId} was forgotten: nothing personal is written for them`,
      {
        subjectId,
      },
    );
  }
}

/**
 * One data key per person (crypto-shredding, DESIGN.md "Events"). A subject id names the person across the
 * log (`employee-<employeeId>`); the key encrypts their personal data in events. Forgetting deletes it and
 * leaves a tombstone: the events stay, their personal fields unreadable, and no new key is ever made for them.
 */
export interface PersonalDataKeys {
  /**
   * The subject's key, created (and stored) when it has none.
   * @throws {SubjectForgottenError} when the subject was forgotten.
   */
  getOrCreate(subjectId: string): Promise<PersonalDataKey>;
  /**
   * {@link getOrCreate} for many subjects in a few round trips (imports of 100,000 people).
   * @throws {SubjectForgottenError} when one of them was forgotten; no key is created for that one.
   */
  getOrCreateMany(subjectIds: readonly string[]): Promise<ReadonlyMap<string, PersonalDataKey>>;
  /** The subject's key, or `null` when it was forgotten (or never created). */
  get(subjectId: string): Promise<PersonalDataKey | null>;
  /** {@link get} for many subjects; every subject asked for is in the map, forgotten ones as `null`. */
  getMany(subjectIds: readonly string[]): Promise<ReadonlyMap<string, PersonalDataKey | null>>;
  /**
   * The subjects among these that were forgotten (a tombstone), as opposed to never having had a key: a value
   * written in plain before its field was encrypted must read as null once its person is forgotten.
   */
  forgottenAmong(subjectIds: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * Deletes the subject's key, for good, and keeps a tombstone (also when they had no key yet): true when
   * there was a key. Idempotent. Other nodes may keep a cached copy for a few seconds (their cache's TTL);
   * this node stops using it at once.
   */
  forget(subjectId: string): Promise<boolean>;
}
