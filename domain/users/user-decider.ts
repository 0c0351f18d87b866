import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { UserCommand } from './user-commands.ts';
import type { UserEvent } from './user-events.ts';
import type { UserRole } from './user-role.ts';

export type UserState =
  | { readonly status: 'none' }
  /** Forgotten: nothing of them is kept, and nothing more is done to them. */
  | { readonly status: 'forgotten' }
  | {
      readonly status: 'active' | 'disabled';
      readonly userId: string;
      readonly username: string;
      readonly role: UserRole;
    };

/** The stream of one user. */
export const userStreamId = (userId: string): string => `user-${userId}`;

/** The reservation stream of a user name: names are unique regardless of case. */
export const usernameStreamId = (username: string): string => `username-${username.toLowerCase()}`;

/** The reservation stream of a name's look-alike skeleton; `usernameskeleton-` is no `username-` stream. */
/** The skeleton's lock stream, by the SHA-256 of the skeleton (hex): the stream id names no one. */
export const usernameSkeletonStreamId = (skeletonDigest: string): string =>
  `usernameskeleton-${skeletonDigest}`;

function existing(state: UserState, userId: string) {
  // A forgotten user is no longer anybody: their name is gone, and so are they.
  if (state.status === 'none' || state.status === 'forgotten') {
    throw new DomainError('USER.NOT_FOUND', `No user ${userId}`, { userId });
  }
  return state;
}

/**
 * A web-admin user: created once, then its role changed, its password reset, disabled, and enabled again.
 * Disabling twice records nothing; enabling an active user is refused (`USER.ALREADY_ENABLED`), so that an
 * admin who meant another user hears of it.
 */
export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'UserCreated': {
        const { userId, username, role } = event.data;
        return { status: 'active', userId, username, role };
      }
      case 'UserForgotten':
        return { status: 'forgotten' };
      case 'UserRoleChanged':
        return state.status === 'none' || state.status === 'forgotten'
          ? state
          : { ...state, role: event.data.to };
      case 'UserDisabled':
        return state.status === 'none' || state.status === 'forgotten'
          ? state
          : { ...state, status: 'disabled' };
      case 'UserEnabled':
        return state.status === 'none' || state.status === 'forgotten'
          ? state
          : { ...state, status: 'active' };
      case 'UserPasswordReset':
        return state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { userId } = command.data;
    switch (command.type) {
      case 'CreateUser':
        if (state.status !== 'none') {
          throw new DomainError('USER.ALREADY_EXISTS', `User ${userId} exists already`, { userId });
        }
        return [{ type: 'UserCreated', data: { ...command.data } }];
      case 'ChangeUserRole': {
        const user = existing(state, userId);
        if (user.status === 'disabled') {
          throw new DomainError('USER.DISABLED', `User ${user.username} is disabled`, { userId });
        }
        if (user.role === command.data.role) return [];
        return [{ type: 'UserRoleChanged', data: { userId, from: user.role, to: command.data.role } }];
      }
      case 'DisableUser':
        return existing(state, userId).status === 'disabled'
          ? []
          : [{ type: 'UserDisabled', data: { userId } }];
      case 'EnableUser': {
        const user = existing(state, userId);
        if (user.status === 'active') {
          throw new DomainError('USER.ALREADY_ENABLED', `User ${user.username} is not disabled`, { userId });
        }
        return [{ type: 'UserEnabled', data: { userId } }];
      }
      case 'ResetUserPassword': {
        const user = existing(state, userId);
        if (user.status === 'disabled') {
          throw new DomainError('USER.DISABLED', `User ${user.username} is disabled`, { userId });
        }
        return [{ type: 'UserPasswordReset', data: { userId, passwordHash: command.data.passwordHash } }];
      }
      case 'ForgetUser': {
        if (state.status === 'forgotten') return [];
        const user = existing(state, userId);
        // Disable first: a working account (the last admin among them) is never forgotten by mistake.
        if (user.status !== 'disabled') {
          throw new DomainError('USER.NOT_DISABLED', `Disable user ${user.username} before forgetting them`, {
            userId,
          });
        }
        return [{ type: 'UserForgotten', data: { userId } }];
      }
      default:
        return assertNever(command);
    }
  },
};
