import type { ForgetPerson } from './forget-person.ts';

/**
 * Told when a step that follows a committed `...Forgotten` event fails (the key's deletion, a purge): the
 * caller logs it. The forget is still answered as done (a committed write never is a failure); the
 * `forgotten-keys` projection deletes the key when it reads the event, and a retry of the forget redoes both.
 */
export type ForgetFollowUpFailed = (subjectId: string, step: string, error: unknown) => void;

/** Runs `step` after the forget committed, reporting (not throwing) its failure. */
export async function afterForgetCommitted(
  subjectId: string,
  step: string,
  run: () => Promise<unknown>,
  failed: ForgetFollowUpFailed | undefined,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    failed?.(subjectId, step, error);
  }
}

/** The person's key deleted after their forget committed. */
export const deleteKeyAfterForget = (
  forgetPerson: ForgetPerson,
  subjectId: string,
  failed: ForgetFollowUpFailed | undefined,
): Promise<void> => afterForgetCommitted(subjectId, 'key deletion', () => forgetPerson(subjectId), failed);
