import { Composer } from 'grammy';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { PAGE_CALLBACK, findPage } from './find-page.ts';

/** Longer queries are cut: nobody types more, and the search need not chew on a pasted page. */
const MAX_QUERY_LENGTH = 200;
const FIND_COMMAND = /^\/find(?:@\w+)?(?:\s+|$)/i;
const NUMBER = /^\d{1,10}$/;

const pageSize = (ctx: BotContext) => {
  const size = ctx.tbot.settings['bot.findPageSize'];
  return typeof size === 'number' && size >= 1 ? Math.min(size, 10) : 5;
};

/**
 * `/find QUERY`: the employees search, a card per employee, best first, with "more"/"back" buttons. The
 * buttons name the user's `/find` message; the query is read back from the message log, so a button works on
 * any node and goes stale when the log forgets the message.
 */
export function findFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const signer = callbackSigner(deps.callbackKey);
  const allowed = requireRole('admin', 'operator', 'viewer');

  feature.command('find', allowed, async (ctx) => {
    const { t } = ctx.tbot;
    const query = ctx.match.trim().slice(0, MAX_QUERY_LENGTH);
    if (query === '' || !ctx.msg) {
      await ctx.reply(t('findUsage'), { parse_mode: 'HTML' });
      return;
    }
    const page = await findPage(deps.search, signer, t, {
      query,
      offset: 0,
      pageSize: pageSize(ctx),
      chatId: ctx.chat.id,
      sourceMessageId: ctx.msg.message_id,
    });
    await ctx.reply(page.text, {
      parse_mode: 'HTML',
      ...(page.keyboard ? { reply_markup: page.keyboard } : {}),
      link_preview_options: { is_disabled: true },
    });
  });

  feature.callbackQuery(new RegExp(`^${PAGE_CALLBACK}:`), allowed, async (ctx) => {
    const { t } = ctx.tbot;
    const chatId = ctx.callbackQuery.message?.chat.id;
    const fields = chatId === undefined ? null : signer.verify(chatId, ctx.callbackQuery.data);
    const [, messageText, offsetText] = fields ?? [];
    if (
      chatId === undefined ||
      !messageText ||
      !offsetText ||
      !NUMBER.test(messageText) ||
      !NUMBER.test(offsetText)
    ) {
      await ctx.answerCallbackQuery({ text: t('unknownButton') });
      return;
    }
    const source = await deps.messageLog.incomingText(chatId, Number(messageText));
    const query = source !== null && FIND_COMMAND.test(source) ? source.replace(FIND_COMMAND, '').trim() : '';
    if (query === '') {
      await ctx.answerCallbackQuery({ text: t('staleButton') });
      return;
    }
    const page = await findPage(deps.search, signer, t, {
      query: query.slice(0, MAX_QUERY_LENGTH),
      offset: Number(offsetText),
      pageSize: pageSize(ctx),
      chatId,
      sourceMessageId: Number(messageText),
    });
    if (!page.found) {
      await ctx.answerCallbackQuery({ text: t('noMoreResults') });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(page.text, {
      parse_mode: 'HTML',
      ...(page.keyboard ? { reply_markup: page.keyboard } : {}),
      link_preview_options: { is_disabled: true },
    });
  });

  return feature;
}
