import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { isRedelivery } from '../inbox/update-deliveries.ts';

/**
 * Spends one unit of the sender's budget per update. Over it: one polite answer per window saying when to try
 * again (a button press gets it as a toast), and nothing else is done. A flood does not earn a flood of
 * "please wait" messages: only the first refusal of a window is answered in the chat.
 */
export function userRateLimit(deps: BotDeps): MiddlewareFn<BotContext> {
  const warnedUntil = new Map<number, number>();
  return async (ctx, next) => {
    const from = ctx.from;
    // A retry is the same request, which was let through once: refusing it now would lose it.
    if (!from || isRedelivery(deps.deliveries?.of(ctx.update))) return next();
    const decision = await deps.userRateLimiter.consume(String(from.id));
    if (decision.allowed) return next();
    const seconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    const text = ctx.tbot.t('rateLimited', { seconds });
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text });
      return;
    }
    const now = deps.clock.now().getTime();
    if ((warnedUntil.get(from.id) ?? 0) > now) return;
    if (warnedUntil.size > 10_000) warnedUntil.clear();
    warnedUntil.set(from.id, now + decision.resetMs);
    await ctx.reply(text, { parse_mode: 'HTML' });
  };
}
