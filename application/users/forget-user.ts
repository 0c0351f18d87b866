import { type CommandContext, makeCommandHandler } from '../commands/index.ts';
import {
  type ForgetFollowUpFailed,
  type ForgetPerson,
  deleteKeyAfterForget,
  userSubject,
} from '../personal-data/index.ts';
import type { EventStore } from '../ports/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import { userDecider, userStreamId } from '../../domain/users/index.ts';
import type { UserCommandResult } from './user-commands.ts';

export interface ForgetUserDeps {
  readonly store: EventStore;
  readonly forgetPerson: ForgetPerson;
  readonly onFollowUpFailed?: ForgetFollowUpFailed;
}

/**
 * Forgets a web-admin user (152-FZ, GDPR): appends `UserForgotten` (its reason encrypted with their key), then
 * deletes their key: their user name in `UserCreated` and their name on everything they did no longer read,
 * and `core.users` drops them. Only a disabled user is forgotten (`USER.NOT_DISABLED`), so a working account,
 * the last admin among them, never is. A retry appends nothing more and deletes the key again. Needs a reason.
 */
export function makeForgetUser(deps: ForgetUserDeps) {
  const handle = makeCommandHandler({
    store: deps.store,
    decider: userDecider,
    streamId: (c) => userStreamId(c.data.userId),
  });
  return async (userId: string, write: CommandContext): Promise<UserCommandResult> => {
    if (!write.metadata.reason?.trim()) {
      throw new DomainError('USER.REASON_REQUIRED', 'Forgetting a user needs a reason', { userId });
    }
    const result = await handle(
      { type: 'ForgetUser', data: { userId }, metadata: write.metadata },
      write.idempotencyKey === undefined ? {} : { idempotencyKey: write.idempotencyKey },
    );
    await deleteKeyAfterForget(deps.forgetPerson, userSubject(userId), deps.onFollowUpFailed);
    return { ...result, userId };
  };
}
