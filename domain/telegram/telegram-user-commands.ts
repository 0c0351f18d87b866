import type { Command } from '../shared/index.ts';
import type { TelegramProfile } from './telegram-profile.ts';
import type { TelegramRole } from './telegram-role.ts';

/** A first contact. `initialAdmin`: the user is named by `TELEGRAM_ADMIN_IDS` and is an admin from the start. */
export type RegisterTelegramUser = Command<
  'RegisterTelegramUser',
  TelegramProfile & { initialAdmin: boolean }
>;
export type RequestTelegramAccess = Command<'RequestTelegramAccess', { telegramUserId: number }>;
export type ApproveTelegramAccess = Command<
  'ApproveTelegramAccess',
  { telegramUserId: number; role: TelegramRole }
>;
export type DenyTelegramAccess = Command<'DenyTelegramAccess', { telegramUserId: number }>;
export type BlockTelegramUser = Command<'BlockTelegramUser', { telegramUserId: number }>;
export type ChangeTelegramUserRole = Command<
  'ChangeTelegramUserRole',
  { telegramUserId: number; role: TelegramRole }
>;

export type ForgetTelegramUser = Command<'ForgetTelegramUser', { telegramUserId: number }>;

export type TelegramUserCommand =
  | RegisterTelegramUser
  | RequestTelegramAccess
  | ApproveTelegramAccess
  | DenyTelegramAccess
  | BlockTelegramUser
  | ChangeTelegramUserRole
  | ForgetTelegramUser;
