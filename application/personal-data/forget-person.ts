import type { PersonalDataKeys } from './personal-data-keys.ts';

/**
 * Forgets a person: deletes their data key, so that their personal data in every event (past and on every
 * replica of the log) becomes unreadable. True when there was a key. The caller then appends the feature's
 * `...Forgotten` event so that read models scrub what they keep.
 */
export type ForgetPerson = (subjectId: string) => Promise<boolean>;

export function makeForgetPerson({ keys }: { readonly keys: PersonalDataKeys }): ForgetPerson {
  return (subjectId) => keys.forget(subjectId);
}
