import type { MiddlewareFn } from 'grammy';
import type { TelegramRole } from '../../../domain/telegram/index.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';

/** Lets only the given roles through; anyone else is told the command is not for their role. */
export function requireRole(...roles: readonly TelegramRole[]): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (roles.includes(approvedUser(ctx).role)) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.tbot.t('notAllowed') });
    else await ctx.reply(ctx.tbot.t('notAllowed'), { parse_mode: 'HTML' });
  };
}
