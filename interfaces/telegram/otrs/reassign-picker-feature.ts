import { Composer } from 'grammy';
import type { ActionProgress, TicketActionRequests } from '../../../application/otrs/index.ts';
import type { TicketActionCommand } from '../../../domain/otrs/index.ts';
import type { UnsentCommand } from '../../../application/monitoring/unsent-command.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';
import type { CallbackSigner } from '../callback-data.ts';
import { callbackAnswer, progressAnswer } from './action-outcome-text.ts';
import type { OtrsReassignTargets } from './otrs-bot-actions.ts';
import {
  MAX_PICKER_TARGETS,
  OTRS_REASSIGN_CALLBACK,
  type ReassignTarget,
  parsePickerPress,
  pickerKeyboard,
} from './reassign-picker.ts';

type Reassign = Extract<TicketActionCommand, { type: 'ReassignTicket' }>;

/** What the picker borrows from the ticket actions feature, so that a choice is asked as `/reassign` asks. */
export interface ReassignPickerDeps {
  readonly targets: OtrsReassignTargets;
  readonly requests: TicketActionRequests;
  readonly signer: CallbackSigner;
  /** The action's id of a button press (the update's key): a redelivered press asks nothing twice. */
  actionIdOf(ctx: BotContext): string;
  /** Asks the action; a refusal is told with `refuse` and gives `false`. */
  ask(
    ctx: BotContext,
    command: UnsentCommand<Reassign>,
    refuse: (text: string) => Promise<unknown>,
  ): Promise<boolean>;
  /** The action's progress once OTRS answered, or after the button's wait. */
  awaitOutcome(ticketId: number, actionId: string): Promise<ActionProgress>;
  numberOf(ticketId: number): Promise<string>;
}

const chatOf = (ctx: BotContext & { callbackQuery: object }) =>
  ctx.callbackQuery?.message?.chat.id ?? ctx.from?.id ?? 0;

/**
 * Reassign by buttons (#16): the card's "Reassign" sends a picker of the other linked agents and the queues TBot
 * knows (paged, bounded), and a choice asks `ReassignTicket` exactly as `/reassign NUMBER @login|QUEUE` does: the
 * same decider, the same idempotency (the press's update id), the same outcome answer with OTRS's own text.
 */
export function reassignPicker(deps: ReassignPickerDeps) {
  const { targets, requests, signer } = deps;

  async function targetsFor(me: number): Promise<ReassignTarget[]> {
    const [agents, queues] = await Promise.all([
      targets.agents(MAX_PICKER_TARGETS),
      targets.queues(MAX_PICKER_TARGETS),
    ]);
    return [
      ...agents
        .filter((a) => a.telegramUserId !== me)
        .map((a) => ({ kind: 'agent' as const, telegramUserId: a.telegramUserId, login: a.login })),
      ...queues.map((q) => ({ kind: 'queue' as const, queueId: q.queueId, name: q.name })),
    ];
  }

  /** The card's "Reassign" pressed: the picker as a message in the card's chat (and topic). */
  async function open(
    ctx: BotContext,
    ticketId: number,
    number: string,
    answer: (text: string) => Promise<unknown>,
  ): Promise<void> {
    const { t } = ctx.tbot;
    const chatId = ctx.callbackQuery?.message?.chat.id ?? approvedUser(ctx).telegramUserId;
    const list = await targetsFor(approvedUser(ctx).telegramUserId);
    if (list.length === 0) {
      await answer(t('otrsReassignNoTargets', { number }));
      return;
    }
    await answer(t('otrsReassignPick', { number }));
    const card = ctx.callbackQuery?.message;
    await ctx.api.sendMessage(chatId, t('otrsReassignPick', { number }), {
      parse_mode: 'HTML',
      ...(card?.is_topic_message && card.message_thread_id !== undefined
        ? { message_thread_id: card.message_thread_id }
        : {}),
      reply_markup: pickerKeyboard(list, 0, ticketId, chatId, signer, t),
    });
  }

  const feature = new Composer<BotContext>();
  feature.callbackQuery(new RegExp(`^${OTRS_REASSIGN_CALLBACK}:`), async (ctx) => {
    const { t } = ctx.tbot;
    const answer = (text: string) => ctx.answerCallbackQuery({ text: callbackAnswer(text) });
    const chatId = chatOf(ctx);
    const fields = signer.verify(chatId, ctx.callbackQuery.data);
    const press = fields === null ? null : parsePickerPress(fields);
    if (press === null) {
      await answer(t('unknownButton'));
      return;
    }
    const { ticketId, choice } = press;
    const user = approvedUser(ctx);
    if (choice.kind === 'page') {
      const list = await targetsFor(user.telegramUserId);
      await ctx.editMessageReplyMarkup({
        reply_markup: pickerKeyboard(list, choice.page, ticketId, chatId, signer, t),
      });
      await ctx.answerCallbackQuery();
      return;
    }
    let to: Reassign['data']['to'];
    if (choice.kind === 'agent') {
      to = { kind: 'agent', agent: await requests.agentOf(choice.telegramUserId) };
    } else {
      const queue = await targets.queueName(choice.queueId);
      if (queue === null) {
        await answer(t('otrsReassignQueueGone'));
        return;
      }
      to = { kind: 'queue', queue };
    }
    const agent = await requests.agentOf(user.telegramUserId);
    const actionId = deps.actionIdOf(ctx);
    const command = { type: 'ReassignTicket', data: { ticketId, actionId, agent, to } } as const;
    if (!(await deps.ask(ctx, command, answer))) return;
    const number = await deps.numberOf(ticketId);
    await answer(progressAnswer(t, 'reassign', number, await deps.awaitOutcome(ticketId, actionId)));
  });

  return { open, feature };
}
