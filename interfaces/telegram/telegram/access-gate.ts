import type { MiddlewareFn } from 'grammy';
import type { TelegramUserState } from '../../../domain/telegram/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { notifyAdmins } from './access-request.ts';

/**
 * Identifies the sender on every update (a first contact registers them; admins named by TELEGRAM_ADMIN_IDS
 * are approved at once) and lets only approved users further. A stranger's first message asks the admins
 * for access; blocked and forgotten users are ignored
 * without an answer.
 */
export function accessGate(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    // Channel posts and service updates have no sender: nothing for the features to do.
    if (!from || from.is_bot) return;
    const profile = {
      telegramUserId: from.id,
      username: from.username ?? null,
      firstName: from.first_name,
      lastName: from.last_name ?? null,
      languageCode: from.language_code ?? null,
    };
    const state = await deps.users.identify(profile, ctx.tbot.write);
    if (state.status === 'approved' && state.role !== null) {
      const displayName = [profile.firstName, profile.lastName].filter(Boolean).join(' ');
      ctx.tbot.user = { telegramUserId: from.id, role: state.role, displayName };
      return next();
    }
    await refuse(ctx, deps, state);
  };
}

async function refuse(ctx: BotContext, deps: BotDeps, state: TelegramUserState): Promise<void> {
  const { t } = ctx.tbot;
  const answer = async (text: string) => {
    // A press gets a toast; in a group, only private chats are answered: strangers must not spam groups.
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
    else if (ctx.chat?.type === 'private') await ctx.reply(text, { parse_mode: 'HTML' });
  };
  switch (state.status) {
    case 'blocked':
    case 'forgotten':
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      return;
    case 'denied':
      return answer(t('accessDenied'));
    case 'pending': {
      if (ctx.chat?.type !== 'private') return answer(t('accessPending'));
      // A retry of the update that made the request (its first try recorded it, then failed or died before
      // the admins were asked) finds its own append: it asks them now; the call journal skips who was asked.
      const result = await deps.users.requestAccess(state.profile.telegramUserId, ctx.tbot.write);
      if (!result.duplicate) return answer(t('accessPending'));
      await answer(t('accessRequested'));
      await notifyAdmins(ctx, deps, state.profile);
      return;
    }
    case 'registered': {
      if (ctx.chat?.type !== 'private') return answer(t('accessPending'));
      const result = await deps.users.requestAccess(state.profile.telegramUserId, ctx.tbot.write);
      await answer(t('accessRequested'));
      // `duplicate`: an earlier try of this very update recorded it; the call journal skips what it sent.
      if (result.events.length > 0 || result.duplicate) await notifyAdmins(ctx, deps, state.profile);
      return;
    }
    case 'none':
    case 'approved':
      // `none` cannot follow a registration; `approved` without a role neither: say nothing rather than guess.
      deps.logger.warn({ status: state.status }, 'access gate: unexpected state');
      return;
  }
}
