import { Composer, type MiddlewareFn } from 'grammy';
import { findControlCharacter } from '../../../domain/shared/index.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { OtrsReadBotActions } from './otrs-read-actions.ts';
import { boundedList, metricsLine, ticketCardText, ticketLine } from './otrs-read-text.ts';

/** Tickets one list reads at most: more would not fit one message anyway (the count says how many more). */
const MAX_LISTED = 50;
/** The span of `/mytickets`' metrics line. */
const METRICS_DAYS = 30;
/** OTRS's column for queue names. */
const MAX_QUEUE_LENGTH = 200;

/**
 * Who may read tickets here: a linked agent (active or expired: reading needs no OTRS session), or an admin
 * (who reads the same in the API). Tickets hold customers' data, so a viewer who is no agent is refused.
 */
function requireAgent(reads: OtrsReadBotActions, admins: boolean): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const user = approvedUser(ctx);
    if (admins && user.role === 'admin') return next();
    if ((await reads.tickets.linkOf(user.telegramUserId)) !== null) return next();
    await ctx.reply(ctx.tbot.t('otrsNotLinked'), { parse_mode: 'HTML' });
  };
}

/** `/mytickets`, `/ticket NUMBER`, `/queue NAME`: the OTRS read model, in the reader's language. */
export function ticketReadsFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const reads = deps.otrsReads;
  if (!reads) return feature;
  const now = () => deps.clock.now();

  feature.command('mytickets', requireAgent(reads, false), async (ctx) => {
    const { t } = ctx.tbot;
    const { telegramUserId } = approvedUser(ctx);
    const to = now();
    const from = new Date(to.getTime() - METRICS_DAYS * 86_400_000);
    const metrics = metricsLine(
      t,
      await reads.metrics.metricsOfTelegramUser(telegramUserId, { from, to }),
      METRICS_DAYS,
    );
    const agentId = await reads.tickets.agentIdOfTelegramUser(telegramUserId);
    if (agentId === null) {
      await ctx.reply(`${t('otrsMyTicketsUnknownAgent')}\n\n${metrics}`, { parse_mode: 'HTML' });
      return;
    }
    const page = await reads.tickets.openTickets({ ownerId: agentId, limit: MAX_LISTED });
    const total =
      page.nextCursor === null
        ? page.items.length
        : await reads.tickets.countOpenTickets({ ownerId: agentId });
    const list =
      total === 0
        ? t('otrsMyTicketsNone')
        : boundedList(
            t,
            t('otrsMyTicketsHeader', { count: total }),
            page.items.map((ticket) => ticketLine(t, ticket, to)),
            total,
          );
    await ctx.reply(`${list}\n\n${metrics}`, { parse_mode: 'HTML' });
  });

  feature.command('ticket', requireAgent(reads, true), async (ctx) => {
    const { t } = ctx.tbot;
    const number = ctx.match.trim().replace(/^#/, '');
    if (!/^\d{1,50}$/.test(number)) {
      await ctx.reply(t('otrsTicketUsage'), { parse_mode: 'HTML' });
      return;
    }
    const ticket = await reads.tickets.ticketByNumber(number);
    await ctx.reply(ticket === null ? t('otrsTicketNotFound') : ticketCardText(t, ticket, now()), {
      parse_mode: 'HTML',
    });
  });

  feature.command('queue', requireAgent(reads, true), async (ctx) => {
    const { t } = ctx.tbot;
    const queue = ctx.match.trim();
    if (queue === '' || Array.from(queue).length > MAX_QUEUE_LENGTH || findControlCharacter(queue)) {
      await ctx.reply(t('otrsQueueUsage'), { parse_mode: 'HTML' });
      return;
    }
    const page = await reads.tickets.openTickets({ queue, limit: MAX_LISTED });
    if (page.items.length === 0) {
      await ctx.reply(t('otrsQueueNone', { queue }), { parse_mode: 'HTML' });
      return;
    }
    const total =
      page.nextCursor === null ? page.items.length : await reads.tickets.countOpenTickets({ queue });
    const at = now();
    // The queue as OTRS spells it, whatever case was typed.
    const name = page.items[0]?.queue.name ?? queue;
    await ctx.reply(
      boundedList(
        t,
        t('otrsQueueHeader', { queue: name, count: total }),
        page.items.map((ticket) => ticketLine(t, ticket, at)),
        total,
      ),
      { parse_mode: 'HTML' },
    );
  });

  return feature;
}
