import { GrammyError, InlineKeyboard } from 'grammy';
import type { TelegramProfile } from '../../../domain/telegram/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { chooseLanguage, translator } from '../i18n/index.ts';
import { roleName } from './role-names.ts';

/** Prefix of the approval buttons' callback data: `acc:<y|n>:<telegram user id>:<role initial>`. */
export const ACCESS_CALLBACK = 'acc';
export const ROLE_INITIALS = { a: 'admin', o: 'operator', v: 'viewer' } as const;

export const displayName = (p: Pick<TelegramProfile, 'firstName' | 'lastName'>) =>
  [p.firstName, p.lastName].filter(Boolean).join(' ');

/**
 * Sends every admin (approved admins in the read model, and those of TELEGRAM_ADMIN_IDS) the request with one
 * button per role and one to deny. An admin who blocked the bot or never started it is skipped.
 */
export async function notifyAdmins(ctx: BotContext, deps: BotDeps, profile: TelegramProfile): Promise<void> {
  // Admin id → their language code, when the read model knows them.
  const admins = new Map<number, string | null>([...deps.adminIds].map((id) => [id, null]));
  for (const admin of await deps.lookups.listAdmins()) admins.set(admin.telegramUserId, admin.languageCode);
  const signer = callbackSigner(deps.callbackKey);
  const id = profile.telegramUserId;
  for (const [adminId, languageCode] of admins) {
    const t = translator(chooseLanguage(languageCode, ctx.tbot.settings), ctx.tbot.settings);
    const keyboard = new InlineKeyboard()
      .text(roleName(t, 'viewer'), signer.sign(adminId, [ACCESS_CALLBACK, 'y', id, 'v']))
      .text(roleName(t, 'operator'), signer.sign(adminId, [ACCESS_CALLBACK, 'y', id, 'o']))
      .text(roleName(t, 'admin'), signer.sign(adminId, [ACCESS_CALLBACK, 'y', id, 'a']))
      .row()
      .text('⛔', signer.sign(adminId, [ACCESS_CALLBACK, 'n', id, '-']));
    const text = t('newAccessRequest', {
      name: displayName(profile),
      username: profile.username ? `@${profile.username}` : '—',
      id,
    });
    try {
      await ctx.api.sendMessage(adminId, text, { parse_mode: 'HTML', reply_markup: keyboard });
    } catch (error) {
      // An admin who blocked the bot must not keep the request from the others; anything else (Telegram
      // away, a timeout) fails the update, and the inbox tries it again.
      if (!(error instanceof GrammyError) || (error.error_code !== 400 && error.error_code !== 403))
        throw error;
      deps.logger.warn({ err: error, adminId }, 'could not ask an admin for an approval');
    }
  }
}
