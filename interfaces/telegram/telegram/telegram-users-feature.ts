import { Composer } from 'grammy';
import { DomainError } from '../../../domain/shared/index.ts';
import { type TelegramRole, isTelegramRole } from '../../../domain/telegram/index.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';
import { ACCESS_CALLBACK, ROLE_INITIALS, displayName } from './access-request.ts';
import { roleName } from './role-names.ts';

const USER_ID = /^\d{1,15}$/;

/** Admins' decisions: the approval buttons, `/role ID ROLE` and `/block ID`. */
export function telegramUsersFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const signer = callbackSigner(deps.callbackKey);

  feature.callbackQuery(new RegExp(`^${ACCESS_CALLBACK}:`), requireRole('admin'), async (ctx) => {
    const { t } = ctx.tbot;
    const chatId = ctx.callbackQuery.message?.chat.id ?? ctx.from.id;
    const fields = signer.verify(chatId, ctx.callbackQuery.data);
    const [, verdict, idText, initial] = fields ?? [];
    const role = initial === undefined ? undefined : ROLE_INITIALS[initial as keyof typeof ROLE_INITIALS];
    if (!idText || !USER_ID.test(idText) || (verdict !== 'n' && (verdict !== 'y' || role === undefined))) {
      await ctx.answerCallbackQuery({ text: t('unknownButton') });
      return;
    }
    const telegramUserId = Number(idText);
    try {
      const result =
        verdict === 'y' && role !== undefined
          ? await deps.users.approve(telegramUserId, role, ctx.tbot.write)
          : await deps.users.deny(telegramUserId, ctx.tbot.write);
      if (result.events.length === 0 && !result.duplicate) {
        await ctx.answerCallbackQuery({ text: t('alreadyDecided') });
        return;
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ctx.answerCallbackQuery({ text: t(BOT_REFUSALS[error.code].button) });
      return;
    }
    await ctx.answerCallbackQuery({ text: t('decisionSaved') });
    const state = await deps.users.load(telegramUserId);
    if (state.status === 'none' || state.status === 'forgotten') return;
    const name = displayName(state.profile);
    const admin = approvedUser(ctx).displayName;
    await ctx.editMessageText(
      role !== undefined && verdict === 'y'
        ? t('approvedBy', { name, role: roleName(t, role), admin })
        : t('deniedBy', { name, admin }),
      { parse_mode: 'HTML' },
    );
    // The newcomer is told by the access-notices reactor, from the event this press recorded.
  });

  feature.command('role', requireRole('admin'), async (ctx) => {
    const { t } = ctx.tbot;
    const [idText, role] = ctx.match.trim().split(/\s+/);
    if (!idText || !USER_ID.test(idText) || !isTelegramRole(role)) {
      await ctx.reply(t('roleUsage'), { parse_mode: 'HTML' });
      return;
    }
    await changeRole(ctx, deps, Number(idText), role);
  });

  feature.command('block', requireRole('admin'), async (ctx) => {
    const { t } = ctx.tbot;
    const idText = ctx.match.trim();
    if (!USER_ID.test(idText)) {
      await ctx.reply(t('blockUsage'), { parse_mode: 'HTML' });
      return;
    }
    try {
      await deps.users.block(Number(idText), ctx.tbot.write);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ctx.reply(t(BOT_REFUSALS[error.code].reply, { id: idText }), { parse_mode: 'HTML' });
      return;
    }
    await ctx.reply(t('blocked', { id: idText }), { parse_mode: 'HTML' });
  });

  return feature;
}

async function changeRole(ctx: BotContext, deps: BotDeps, telegramUserId: number, role: TelegramRole) {
  const { t } = ctx.tbot;
  try {
    await deps.users.changeRole(telegramUserId, role, ctx.tbot.write);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.reply(t(BOT_REFUSALS[error.code].reply, { id: telegramUserId }), { parse_mode: 'HTML' });
    return;
  }
  await ctx.reply(t('roleChanged', { id: telegramUserId, role: roleName(t, role) }), { parse_mode: 'HTML' });
  // The user learns their new role from the access-notices reactor.
}
