import { DomainError } from '../../domain/shared/index.ts';
import {
  type UserEvent,
  type UserRole,
  type UsernameReserved,
  userDecider,
  checkUsernameScripts,
  userStreamId,
  usernameStreamId,
} from '../../domain/users/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import { reserveUsernameSkeleton } from './username-lookalikes.ts';
import {
  type EventStore,
  type IdGenerator,
  type PasswordHasher,
  WrongExpectedRevisionError,
} from '../ports/index.ts';

/** The shortest password accepted: long passphrases beat composition rules. */
export const MIN_PASSWORD_LENGTH = 12;

export interface UserCommandsDeps {
  readonly store: EventStore;
  readonly hasher: PasswordHasher;
  readonly ids: IdGenerator;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly role: UserRole;
}

export type UserCommandResult = CommandResult<UserEvent> & { readonly userId: string };

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      'USER.PASSWORD_INVALID',
      `A password has at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
}

/**
 * The users' commands. A user name is reserved on its own stream (`username-<lower-case name>`, appended with
 * `no_stream`) before the user is created: uniqueness is exact, with no read-model race. Before that, a name
 * mixing scripts is refused, and so is one that looks like another user's (its skeleton reserved likewise).
 */
export function makeUserCommands(deps: UserCommandsDeps) {
  const { store, hasher, ids } = deps;
  const handle = makeCommandHandler({
    store,
    decider: userDecider,
    streamId: (c) => userStreamId(c.data.userId),
  });

  /**
   * Reserves `username` for a new user id. A command retried with its idempotency key finds its own
   * reservation and carries on with it (the first try may have died before creating the user); anyone else
   * finds the name taken. Without a key, a creation that dies between the two appends leaves the name
   * reserved: rare, and visible in the log.
   */
  async function reserve(username: string, write: CommandContext): Promise<string> {
    const streamId = usernameStreamId(username);
    const key = handleOptions(write, 'username').idempotencyKey;
    if (key !== undefined && (await store.findAppend(key))) {
      const [reservation] = await store.readStream<UsernameReserved>(streamId);
      if (reservation) return reservation.data.userId;
    }
    const userId = ids.newId();
    const event: UsernameReserved = { type: 'UsernameReserved', data: { username, userId } };
    try {
      await store.append(
        streamId,
        [{ ...event, metadata: write.metadata }],
        key === undefined
          ? { expectedRevision: 'no_stream' }
          : { expectedRevision: 'no_stream', idempotencyKey: key },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      throw new DomainError('USER.USERNAME_ALREADY_EXISTS', `User name ${username} is taken`, { username });
    }
    return userId;
  }

  return {
    async createUser(user: NewUser, write: CommandContext): Promise<UserCommandResult> {
      checkPassword(user.password);
      checkUsernameScripts(user.username);
      await reserveUsernameSkeleton(store, user.username, write);
      const userId = await reserve(user.username, write);
      const passwordHash = await hasher.hash(user.password);
      const data = { userId, username: user.username, role: user.role, passwordHash };
      const result = await handle(
        { type: 'CreateUser', data, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, userId };
    },

    async changeRole(userId: string, role: UserRole, write: CommandContext): Promise<UserCommandResult> {
      const result = await handle(
        { type: 'ChangeUserRole', data: { userId, role }, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, userId };
    },

    async disable(userId: string, write: CommandContext): Promise<UserCommandResult> {
      const result = await handle(
        { type: 'DisableUser', data: { userId }, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, userId };
    },

    /**
     * Enables a disabled user again: their unexpired access tokens work again, and they may log in.
     * @throws {DomainError} `USER.ALREADY_ENABLED` for an active user, `USER.NOT_FOUND`.
     */
    async enable(userId: string, write: CommandContext): Promise<UserCommandResult> {
      const result = await handle(
        { type: 'EnableUser', data: { userId }, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, userId };
    },

    async resetPassword(userId: string, password: string, write: CommandContext): Promise<UserCommandResult> {
      checkPassword(password);
      const passwordHash = await hasher.hash(password);
      const result = await handle(
        { type: 'ResetUserPassword', data: { userId, passwordHash }, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, userId };
    },
  };
}

export type UserCommands = ReturnType<typeof makeUserCommands>;
