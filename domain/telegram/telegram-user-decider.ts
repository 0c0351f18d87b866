import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { TelegramProfile } from './telegram-profile.ts';
import type { TelegramRole } from './telegram-role.ts';
import type { TelegramUserCommand } from './telegram-user-commands.ts';
import type { TelegramUserEvent } from './telegram-user-events.ts';

/**
 * `registered`: known, has asked for nothing yet; `pending`: asked for access; `approved`: may use the bot
 * within `role`; `denied`: refused (an admin may still approve later); `blocked`: ignored for good.
 */
export type TelegramAccessStatus = 'registered' | 'pending' | 'approved' | 'denied' | 'blocked';

export type TelegramUserState =
  | { readonly status: 'none' }
  /** Forgotten: nothing of them is kept; the bot ignores them from then on, as a blocked user. */
  | { readonly status: 'forgotten' }
  | {
      readonly status: TelegramAccessStatus;
      readonly profile: TelegramProfile;
      /** The role while approved; also kept after a block, for the record. */
      readonly role: TelegramRole | null;
    };

/** The stream of one Telegram user, by their Telegram id. */
export const telegramUserStreamId = (telegramUserId: number): string => `telegram-user-${telegramUserId}`;

function known(state: TelegramUserState, telegramUserId: number) {
  if (state.status === 'none') {
    throw new DomainError('TELEGRAM_USER.NOT_FOUND', `No Telegram user ${telegramUserId}`, {
      telegramUserId,
    });
  }
  if (state.status === 'forgotten') {
    throw new DomainError('TELEGRAM_USER.FORGOTTEN', `Telegram user ${telegramUserId} was forgotten`, {
      telegramUserId,
    });
  }
  return state;
}

function notBlocked(state: TelegramUserState, telegramUserId: number) {
  const user = known(state, telegramUserId);
  if (user.status === 'blocked') {
    throw new DomainError('TELEGRAM_USER.BLOCKED', `Telegram user ${telegramUserId} is blocked`, {
      telegramUserId,
    });
  }
  return user;
}

/** A Telegram user's access to the bot: first contact, request, an admin's decision, role changes, a block. */
export const telegramUserDecider: Decider<TelegramUserCommand, TelegramUserEvent, TelegramUserState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    if (event.type === 'TelegramUserRegistered')
      return { status: 'registered', profile: event.data, role: null };
    if (event.type === 'TelegramUserForgotten') return { status: 'forgotten' };
    if (state.status === 'none' || state.status === 'forgotten') return state;
    switch (event.type) {
      case 'TelegramAccessRequested':
        return { ...state, status: 'pending' };
      case 'TelegramAccessApproved':
        return { ...state, status: 'approved', role: event.data.role };
      case 'TelegramAccessDenied':
        return { ...state, status: 'denied', role: null };
      case 'TelegramUserBlocked':
        return { ...state, status: 'blocked' };
      case 'TelegramUserRoleChanged':
        return { ...state, role: event.data.to };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { telegramUserId } = command.data;
    switch (command.type) {
      case 'RegisterTelegramUser': {
        if (state.status !== 'none') return [];
        const { initialAdmin, ...profile } = command.data;
        return initialAdmin
          ? [
              { type: 'TelegramUserRegistered', data: profile },
              { type: 'TelegramAccessApproved', data: { telegramUserId, role: 'admin' } },
            ]
          : [{ type: 'TelegramUserRegistered', data: profile }];
      }
      case 'RequestTelegramAccess': {
        const user = notBlocked(state, telegramUserId);
        // Asking again while pending, approved or denied changes nothing: admins are not asked twice.
        return user.status === 'registered'
          ? [{ type: 'TelegramAccessRequested', data: { telegramUserId } }]
          : [];
      }
      case 'ApproveTelegramAccess': {
        const user = notBlocked(state, telegramUserId);
        if (user.status === 'approved') {
          if (user.role === command.data.role) return [];
          throw new DomainError(
            'TELEGRAM_USER.ALREADY_DECIDED',
            `Telegram user ${telegramUserId} is approved`,
            {
              telegramUserId,
              role: user.role,
            },
          );
        }
        return [{ type: 'TelegramAccessApproved', data: { telegramUserId, role: command.data.role } }];
      }
      case 'DenyTelegramAccess': {
        const user = notBlocked(state, telegramUserId);
        if (user.status === 'denied') return [];
        if (user.status === 'approved') {
          throw new DomainError(
            'TELEGRAM_USER.ALREADY_DECIDED',
            `Telegram user ${telegramUserId} is approved`,
            {
              telegramUserId,
              role: user.role,
            },
          );
        }
        return [{ type: 'TelegramAccessDenied', data: { telegramUserId } }];
      }
      case 'BlockTelegramUser':
        return known(state, telegramUserId).status === 'blocked'
          ? []
          : [{ type: 'TelegramUserBlocked', data: { telegramUserId } }];
      case 'ChangeTelegramUserRole': {
        const user = notBlocked(state, telegramUserId);
        if (user.status !== 'approved' || user.role === null) {
          throw new DomainError(
            'TELEGRAM_USER.NOT_APPROVED',
            `Telegram user ${telegramUserId} has no access`,
            {
              telegramUserId,
            },
          );
        }
        if (user.role === command.data.role) return [];
        return [
          {
            type: 'TelegramUserRoleChanged',
            data: { telegramUserId, from: user.role, to: command.data.role },
          },
        ];
      }
      case 'ForgetTelegramUser':
        if (state.status === 'forgotten') return [];
        known(state, telegramUserId);
        return [{ type: 'TelegramUserForgotten', data: { telegramUserId } }];
      default:
        return assertNever(command);
    }
  },
};
