import { Composer } from 'grammy';
import type { ActionProgress } from '../../../application/otrs/index.ts';
import {
  type OtrsAgentRef,
  type TicketActionCommand,
  requireActiveAgent,
} from '../../../domain/otrs/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { UnsentCommand } from '../../../application/monitoring/unsent-command.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';
import { callbackAnswer, progressAnswer } from './action-outcome-text.ts';
import type { OtrsBotActions } from './otrs-bot-actions.ts';
import { OTRS_TICKET_CALLBACK, type TicketButtonAction, parseTicketButton } from './ticket-callback.ts';
import { reassignPicker } from './reassign-picker-feature.ts';

const TICKET_NUMBER = /^\d{1,50}$/;
const POLL_MS = 150;
const DEFAULT_CLOSE_STATE = 'closed successful';

/**
 * How an action was asked, the last part of its id: a button is answered with the outcome when OTRS answers
 * in time, a command or a note message by a notice (see the otrs-action-notices reactor).
 */
export type ActionVia = 'button' | 'command' | 'note';

/** An action's id: the update's key (`telegram:<bot>:<update_id>`), so a redelivered update asks nothing twice. */
const actionIdOf = (ctx: BotContext, via: ActionVia): string =>
  `${ctx.tbot.write.idempotencyKey ?? `telegram:${ctx.me.id}:${ctx.update.update_id}`}:${via}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Simple = Extract<TicketButtonAction, 'take' | 'close'>;

/**
 * The OTRS card's buttons (take, note, reassign, close) and `/take`, `/note`, `/reassign`, `/close` with a
 * ticket number (#16): each asks the action of the ticket's stream as the Telegram user (`TicketActionRequested`),
 * which the OTRS action workers make with the agent's own session. A button waits a bounded time for OTRS's
 * answer and tells it; a command is answered at once and told the outcome by a notice. A note is the agent's
 * next message in that chat (a short conversation, kept in `OtrsNoteDrafts`).
 */
export function ticketActionsFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const otrs = deps.otrsActions;
  if (!otrs) return feature;
  const signer = callbackSigner(deps.callbackKey);
  const { requests, drafts } = otrs;
  const ticketIdOfNumber = (number: string) => otrs.ticketIdOfNumber(number);
  const waitMs = otrs.answerWaitMs ?? 8_000;
  const draftMs = otrs.noteDraftMs ?? 10 * 60_000;

  const closeStateOf = (ctx: BotContext) => {
    const value = ctx.tbot.settings['otrs.closeState'];
    return typeof value === 'string' && value.trim() !== '' ? value : DEFAULT_CLOSE_STATE;
  };

  const simpleCommand = (
    ctx: BotContext,
    action: Simple,
    ticketId: number,
    actionId: string,
    agent: OtrsAgentRef,
  ): UnsentCommand<TicketActionCommand> =>
    action === 'take'
      ? { type: 'TakeTicket', data: { ticketId, actionId, agent } }
      : { type: 'CloseTicket', data: { ticketId, actionId, agent, state: closeStateOf(ctx) } };

  /** Asks the action; a refusal (nothing written) is answered with its text and gives `false`. */
  async function ask(
    ctx: BotContext,
    command: UnsentCommand<TicketActionCommand>,
    refuse: (text: string) => Promise<unknown>,
  ): Promise<boolean> {
    try {
      await requests.ask(command, ctx.tbot.write);
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await refuse(ctx.tbot.t(BOT_REFUSALS[error.code].button));
      return false;
    }
  }

  /** The action's progress once OTRS answered, or after `waitMs`; never throws (the request is committed). */
  async function awaitOutcome(ticketId: number, actionId: string): Promise<ActionProgress> {
    const until = deps.clock.now().getTime() + waitMs;
    try {
      for (;;) {
        const progress = await requests.progressOf(ticketId, actionId);
        if (progress.status !== 'pending' || deps.clock.now().getTime() >= until) return progress;
        await sleep(POLL_MS);
      }
    } catch (error) {
      deps.logger.warn({ err: error, ticketId, actionId }, 'otrs action outcome not read; told in progress');
      return { status: 'pending' };
    }
  }

  const numberOf = async (ticketId: number) => (await requests.numberOf(ticketId)) ?? String(ticketId);

  // Reassign by buttons: the card's "Reassign" opens a picker whose choices are asked as /reassign asks them.
  const picker = otrs.reassignTargets
    ? reassignPicker({
        targets: otrs.reassignTargets,
        requests,
        signer,
        actionIdOf: (ctx) => actionIdOf(ctx, 'button'),
        ask,
        awaitOutcome,
        numberOf,
      })
    : null;
  if (picker) feature.use(picker.feature);

  feature.callbackQuery(new RegExp(`^${OTRS_TICKET_CALLBACK}:`), async (ctx) => {
    const { t } = ctx.tbot;
    const answer = (text: string) => ctx.answerCallbackQuery({ text: callbackAnswer(text) });
    const chatId = ctx.callbackQuery.message?.chat.id ?? ctx.from.id;
    const fields = signer.verify(chatId, ctx.callbackQuery.data);
    const button = fields === null ? null : parseTicketButton(fields);
    if (button === null) {
      await answer(t('unknownButton'));
      return;
    }
    const { action, ticketId } = button;
    const user = approvedUser(ctx);
    const agent = await requests.agentOf(user.telegramUserId);
    const number = await numberOf(ticketId);
    if (action === 'note' || action === 'reassign') {
      try {
        requireActiveAgent(agent);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await answer(t(BOT_REFUSALS[error.code].button));
        return;
      }
      if (action === 'reassign') {
        if (picker) await picker.open(ctx, ticketId, number, answer);
        else await answer(t('otrsReassignAsk', { number }));
        return;
      }
      await drafts.start(chatId, user.telegramUserId, ticketId, draftMs);
      await answer(t('otrsNoteAsk', { number }));
      return;
    }
    const actionId = actionIdOf(ctx, 'button');
    if (!(await ask(ctx, simpleCommand(ctx, action, ticketId, actionId, agent), answer))) return;
    await answer(progressAnswer(t, action, number, await awaitOutcome(ticketId, actionId)));
  });

  /** The ticket of a command's first argument, or a reply (usage, unknown ticket) and `null`. */
  async function ticketOfArgument(
    ctx: BotContext,
    argument: string | undefined,
    usage: 'otrsTakeUsage' | 'otrsNoteUsage' | 'otrsCloseUsage' | 'otrsReassignUsage',
  ): Promise<{ ticketId: number; number: string } | null> {
    const { t } = ctx.tbot;
    if (argument === undefined || !TICKET_NUMBER.test(argument)) {
      await ctx.reply(t(usage), { parse_mode: 'HTML' });
      return null;
    }
    const ticketId = await ticketIdOfNumber(argument);
    if (ticketId === null) {
      await ctx.reply(t('otrsTicketNotFound'), { parse_mode: 'HTML' });
      return null;
    }
    return { ticketId, number: argument };
  }

  const reply = (ctx: BotContext) => (text: string) => ctx.reply(text, { parse_mode: 'HTML' });

  for (const action of ['take', 'close'] as const) {
    feature.command(action, async (ctx) => {
      const found = await ticketOfArgument(
        ctx,
        ctx.match.trim() || undefined,
        `otrs${action === 'take' ? 'Take' : 'Close'}Usage`,
      );
      if (!found) return;
      const agent = await requests.agentOf(approvedUser(ctx).telegramUserId);
      const actionId = actionIdOf(ctx, 'command');
      const command = simpleCommand(ctx, action, found.ticketId, actionId, agent);
      if (!(await ask(ctx, command, reply(ctx)))) return;
      await answerAsked(ctx, found, actionId);
    });
  }

  /** A command's answer once asked: told the outcome later by a notice, or that nothing was left to do. */
  async function answerAsked(ctx: BotContext, found: { ticketId: number; number: string }, actionId: string) {
    const progress = await requests.progressOf(found.ticketId, actionId).catch(() => null);
    const key = progress?.status === 'unknown' ? 'otrsActionNothing' : 'otrsActionInProgress';
    await ctx.reply(ctx.tbot.t(key, { number: found.number }), { parse_mode: 'HTML' });
  }

  feature.command('note', async (ctx) => {
    const found = await ticketOfArgument(ctx, ctx.match.trim() || undefined, 'otrsNoteUsage');
    if (!found) return;
    const user = approvedUser(ctx);
    try {
      requireActiveAgent(await requests.agentOf(user.telegramUserId));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ctx.reply(ctx.tbot.t(BOT_REFUSALS[error.code].reply), { parse_mode: 'HTML' });
      return;
    }
    await drafts.start(ctx.chat.id, user.telegramUserId, found.ticketId, draftMs);
    await ctx.reply(ctx.tbot.t('otrsNoteAsk', { number: found.number }), { parse_mode: 'HTML' });
  });

  feature.command('reassign', async (ctx) => {
    const [argument, ...rest] = ctx.match.trim().split(/\s+/);
    const target = rest.join(' ');
    if (target === '') {
      await ctx.reply(ctx.tbot.t('otrsReassignUsage'), { parse_mode: 'HTML' });
      return;
    }
    const found = await ticketOfArgument(ctx, argument, 'otrsReassignUsage');
    if (!found) return;
    const agent = await requests.agentOf(approvedUser(ctx).telegramUserId);
    let to: Extract<TicketActionCommand, { type: 'ReassignTicket' }>['data']['to'];
    if (target.startsWith('@')) {
      const login = target.slice(1);
      const other = await requests.agentByLogin(login);
      if (other === null) {
        await ctx.reply(ctx.tbot.t('otrsAgentUnknown', { login }), { parse_mode: 'HTML' });
        return;
      }
      to = { kind: 'agent', agent: other };
    } else {
      to = { kind: 'queue', queue: target };
    }
    const actionId = actionIdOf(ctx, 'command');
    const command = {
      type: 'ReassignTicket',
      data: { ticketId: found.ticketId, actionId, agent, to },
    } as const;
    if (!(await ask(ctx, command, reply(ctx)))) return;
    await answerAsked(ctx, found, actionId);
  });

  // The note conversation: the next text of a user with an open draft in this chat is the note. A command is
  // not a note (it runs, and the draft stays open).
  feature.on('message:text', async (ctx, next) => {
    const user = ctx.tbot.user;
    if (!user || ctx.msg.text.startsWith('/')) return next();
    const ticketId = await drafts.current(ctx.chat.id, user.telegramUserId);
    if (ticketId === null) return next();
    const agent = await requests.agentOf(user.telegramUserId);
    const actionId = actionIdOf(ctx, 'note');
    const command = {
      type: 'AddTicketNote',
      data: { ticketId, actionId, agent, text: ctx.msg.text },
    } as const;
    let refused: DomainError | null = null;
    try {
      await requests.ask(command, ctx.tbot.write);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused = error;
    }
    // A note refused for its text leaves the draft open for a better one; any other refusal ends it.
    if (!refused?.code.startsWith('OTRS_NOTE.')) await drafts.end(ctx.chat.id, user.telegramUserId);
    const number = await numberOf(ticketId);
    const text = refused
      ? ctx.tbot.t(BOT_REFUSALS[refused.code].reply)
      : ctx.tbot.t('otrsActionInProgress', { number });
    await ctx.reply(text, { parse_mode: 'HTML' });
  });

  return feature;
}

export type { OtrsBotActions };
