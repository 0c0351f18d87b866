import type { Event } from '../shared/index.ts';
import type { TelegramProfile } from './telegram-profile.ts';
import type { TelegramRole } from './telegram-role.ts';

export type TelegramUserRegistered = Event<'TelegramUserRegistered', TelegramProfile>;
export type TelegramAccessRequested = Event<'TelegramAccessRequested', { telegramUserId: number }>;
export type TelegramAccessApproved = Event<
  'TelegramAccessApproved',
  { telegramUserId: number; role: TelegramRole }
>;
export type TelegramAccessDenied = Event<'TelegramAccessDenied', { telegramUserId: number }>;
export type TelegramUserBlocked = Event<'TelegramUserBlocked', { telegramUserId: number }>;
export type TelegramUserRoleChanged = Event<
  'TelegramUserRoleChanged',
  { telegramUserId: number; from: TelegramRole; to: TelegramRole }
>;

/**
 * The user was forgotten (152-FZ, GDPR): their profile is gone from the read models and their key from the key
 * store, so their name in every event (their registration, what they did) no longer reads.
 */
export type TelegramUserForgotten = Event<'TelegramUserForgotten', { telegramUserId: number }>;

export type TelegramUserEvent =
  | TelegramUserRegistered
  | TelegramAccessRequested
  | TelegramAccessApproved
  | TelegramAccessDenied
  | TelegramUserBlocked
  | TelegramUserRoleChanged
  | TelegramUserForgotten;

export const TELEGRAM_USER_EVENT_TYPES: readonly TelegramUserEvent['type'][] = [
  'TelegramUserRegistered',
  'TelegramAccessRequested',
  'TelegramAccessApproved',
  'TelegramAccessDenied',
  'TelegramUserBlocked',
  'TelegramUserRoleChanged',
  'TelegramUserForgotten',
];
