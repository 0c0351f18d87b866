import type { Command } from '../shared/index.ts';
import type { UserRole } from './user-role.ts';

export type CreateUser = Command<
  'CreateUser',
  { userId: string; username: string; role: UserRole; passwordHash: string }
>;
export type ChangeUserRole = Command<'ChangeUserRole', { userId: string; role: UserRole }>;
export type DisableUser = Command<'DisableUser', { userId: string }>;
export type EnableUser = Command<'EnableUser', { userId: string }>;
export type ResetUserPassword = Command<'ResetUserPassword', { userId: string; passwordHash: string }>;

export type ForgetUser = Command<'ForgetUser', { userId: string }>;

export type UserCommand =
  CreateUser | ChangeUserRole | DisableUser | EnableUser | ResetUserPassword | ForgetUser;
