import type { Logger } from 'pino';
import type { ForgetFollowUpFailed } from '../../application/personal-data/index.ts';

/** A forget's follow-up that failed after its event committed: logged, the forget still answered as done. */
export const logForgetFollowUp =
  (logger: Logger): ForgetFollowUpFailed =>
  (subjectId, step, err) =>
    logger.warn(
      { err, subjectId, step },
      'forget committed, a follow-up failed: the forgotten-keys projection deletes the key; retry the forget to redo the rest',
    );
