import type { Context } from 'grammy';
import type { CommandContext } from '../../application/commands/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { TelegramRole } from '../../domain/telegram/index.ts';
import type { Language, Translate } from './i18n/index.ts';

/** The user an update comes from, once the access gate let them through. */
export interface ApprovedUser {
  readonly telegramUserId: number;
  readonly role: TelegramRole;
  readonly displayName: string;
}

/** What TBot's pipeline adds to every update's context, before the features run. */
export interface TbotState {
  readonly language: Language;
  readonly t: Translate;
  /** This node's settings at the start of the update. */
  readonly settings: Readonly<Record<string, SettingValue>>;
  /** Metadata and idempotency key (`telegram:<update_id>`) of the commands this update causes. */
  readonly write: CommandContext;
  /** Set by the access gate; features installed after it can rely on it. */
  user: ApprovedUser | null;
}

export type BotContext = Context & { tbot: TbotState };

/** The approved user of an update past the access gate (which never lets one without through). */
export function approvedUser(ctx: BotContext): ApprovedUser {
  if (!ctx.tbot.user) throw new Error('feature installed before the access gate');
  return ctx.tbot.user;
}
