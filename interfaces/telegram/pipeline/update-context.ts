import type { MiddlewareFn } from 'grammy';
import { commandContext } from '../../../application/commands/index.ts';
import { updateIdempotencyKey } from '../../../application/telegram/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { chooseLanguage, translator } from '../i18n/index.ts';

/**
 * The first step of every update: records it in the message log, then sets the language, the texts and the
 * write metadata the features use (the idempotency key `telegram:<bot id>:<update_id>`).
 */
export function updateContext(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const from = ctx.from;
    const chatId = ctx.chat?.id ?? from?.id;
    const at = deps.clock.now();
    if (chatId !== undefined) {
      // A repeat (a retry from the inbox) is logged once; the inbox, not the log, decides what is handled.
      await deps.messageLog.recordIncoming({
        direction: 'in',
        chatId,
        // A press is not a message of its own: its `msg` is the bot's message that carries the button.
        messageId: ctx.callbackQuery ? null : (ctx.msg?.message_id ?? null),
        threadId: ctx.msg?.message_thread_id ?? null,
        telegramUserId: from?.id ?? null,
        updateId,
        kind: ctx.callbackQuery
          ? 'callback_query'
          : (Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'update'),
        text: ctx.callbackQuery?.data ?? ctx.msg?.text ?? ctx.msg?.caption ?? null,
        at,
      });
    }
    const settings = deps.settings();
    const language = chooseLanguage(from?.language_code, settings);
    const name = from ? [from.first_name, from.last_name].filter(Boolean).join(' ') : 'unknown';
    const key = updateIdempotencyKey(ctx.me.id, updateId);
    ctx.tbot = {
      language,
      t: translator(language, settings),
      settings,
      user: null,
      write: commandContext({
        actor: { kind: 'telegram', id: String(from?.id ?? 'unknown'), name },
        source: 'telegram',
        correlationId: key,
        occurredAt: at,
        idempotencyKey: key,
      }),
    };
    await next();
  };
}
