import { Composer, GrammyError } from 'grammy';
import type { ChatConversations, Logger } from '../../../application/ports/index.ts';
import { normalizeOtrsLogin, otrsLoginKey } from '../../../domain/otrs/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';
import { type ConversationTurn, conversationTurnOf } from './conversation-turns.ts';
import type { OtrsLinkActions } from './otrs-link-actions.ts';

/** The conversation `/otrs_link` holds: the login, then the password (a secret step). */
export const OTRS_LINK_CONVERSATION = 'otrs-link';

/**
 * How long each question waits for its answer, judged by the answer's Telegram `date`. After it, a login step
 * is over; a password step's marker still takes the next message (a late password), deleted and not tried.
 */
export const OTRS_LINK_STEP_TTL_MS = 5 * 60_000;

/** A command sent where the password was awaited: the user changed their mind, it is no password. */
const COMMAND = /^\/[a-z_]+(@\w+)?$/i;

/**
 * `/otrs_link` (private chat only): asks the OTRS login, then the password; the password's message is deleted
 * at once and its text never leaves this handler (the conversation middleware took it out of the update before
 * the message log saw it). OTRS checks them (SessionCreate); a session it gives links the user to the agent
 * (claim, link, session kept: `AgentLinkCommands.link`, keyed by the update). `/otrs_unlink` ends the link.
 * Every answer is a reply to the user's own update (journaled by the inbox: a redelivery sends nothing twice).
 */
export function otrsLinkFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const { otrsLinking, conversations } = deps;
  if (otrsLinking && conversations) install(feature, otrsLinking, conversations, deps.logger);
  return feature;
}

function install(
  feature: Composer<BotContext>,
  linking: OtrsLinkActions,
  conversations: ChatConversations,
  logger: Logger,
): void {
  const refusal = (ctx: BotContext, error: DomainError) => ctx.tbot.t(BOT_REFUSALS[error.code].reply);

  /** `true` (and answered) when the user is linked to another login than `login`: unlink first. */
  async function linkedElsewhere(ctx: BotContext, telegramUserId: number, login: string): Promise<boolean> {
    const state = await linking.links.stateOf(telegramUserId);
    if (state.status !== 'linked' || otrsLoginKey(state.login) === otrsLoginKey(login)) return false;
    await ctx.reply(ctx.tbot.t('otrsAlreadyLinked'), { parse_mode: 'HTML' });
    return true;
  }

  feature.command('otrs_link', async (ctx) => {
    const { t } = ctx.tbot;
    if (ctx.chat.type !== 'private') {
      await ctx.reply(t('otrsLinkPrivateOnly'), { parse_mode: 'HTML' });
      return;
    }
    const { telegramUserId } = approvedUser(ctx);
    await conversations.begin(
      telegramUserId,
      { kind: OTRS_LINK_CONVERSATION, step: 'login', data: {}, secret: false },
      OTRS_LINK_STEP_TTL_MS,
    );
    await ctx.reply(t('otrsLinkAskLogin'), { parse_mode: 'HTML' });
  });

  feature.command('otrs_unlink', async (ctx) => {
    const { t, write } = ctx.tbot;
    if (ctx.chat.type !== 'private') {
      await ctx.reply(t('otrsLinkPrivateOnly'), { parse_mode: 'HTML' });
      return;
    }
    const { telegramUserId } = approvedUser(ctx);
    try {
      await linking.links.unlink(telegramUserId, 'self', write);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ctx.reply(refusal(ctx, error), { parse_mode: 'HTML' });
      return;
    }
    await ctx.reply(t('otrsUnlinked'), { parse_mode: 'HTML' });
  });

  /** The login: checked as a login, then the password is asked for it (a secret step). */
  async function loginStep(ctx: BotContext, next: () => Promise<void>): Promise<void> {
    const { t } = ctx.tbot;
    const { telegramUserId } = approvedUser(ctx);
    const text = ctx.msg?.text ?? '';
    if (text.startsWith('/')) {
      // Another command: the conversation ends and the command runs as usual.
      await conversations.end(telegramUserId);
      return next();
    }
    let login: string;
    try {
      login = normalizeOtrsLogin(text);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ctx.reply(refusal(ctx, error), { parse_mode: 'HTML' });
      return;
    }
    if (await linkedElsewhere(ctx, telegramUserId, login)) {
      await conversations.end(telegramUserId);
      return;
    }
    await conversations.begin(
      telegramUserId,
      { kind: OTRS_LINK_CONVERSATION, step: 'password', data: { login }, secret: true },
      OTRS_LINK_STEP_TTL_MS,
    );
    await ctx.reply(t('otrsLinkAskPassword', { login }), { parse_mode: 'HTML' });
  }

  /**
   * The password: the conversation is ended first (the next message is no password; a redelivery of this one
   * is still known as one), the message deleted, then OTRS asked. Whatever goes wrong after that is answered,
   * never thrown: a failed handling would keep the update, password and all, in the inbox for its retry.
   */
  async function passwordStep(ctx: BotContext, turn: ConversationTurn): Promise<void> {
    const { t, write } = ctx.tbot;
    const { telegramUserId } = approvedUser(ctx);
    await endAndDelete(ctx, telegramUserId);
    const password = turn.secretText ?? '';
    const login = turn.conversation.data['login'];
    if (password === '' || COMMAND.test(password) || typeof login !== 'string') {
      await ctx.reply(`${t('otrsLinkCancelled')} ${t('otrsLinkAgain')}`, { parse_mode: 'HTML' });
      return;
    }
    try {
      const session = await linking.gateway.createSession(login, password);
      // Refuses a login another user holds, or a second login of this user (ALREADY_LINKED), keeping nothing.
      await linking.links.link(telegramUserId, login, session, write);
    } catch (error) {
      const known = error instanceof DomainError;
      if (!known) {
        // The error's class only: a stack or a message is not looked through for what the user typed.
        logger.warn(
          { updateId: ctx.update.update_id, error: (error as Error | null)?.name ?? 'unknown' },
          'OTRS linking failed',
        );
      }
      const text = known ? refusal(ctx, error) : t('error');
      const again = known && error.code === 'OTRS.AUTH_FAILED' ? ` ${t('otrsLinkAgain')}` : '';
      await ctx.reply(text + again, { parse_mode: 'HTML' });
      return;
    }
    await ctx.reply(t('otrsLinked', { login }), { parse_mode: 'HTML' });
  }

  /**
   * The answer to a secret step is no message to keep: the conversation ends (kept as the marker that knows a
   * redelivery of this update as the secret it was), then the message is deleted in Telegram.
   */
  async function endAndDelete(ctx: BotContext, telegramUserId: number): Promise<void> {
    await conversations.end(telegramUserId, { secretUpdateId: ctx.update.update_id });
    try {
      await ctx.deleteMessage();
    } catch (error) {
      // Gone already (the user deleted it) or too old: nothing left to delete. Anything else is retried.
      if (!(error instanceof GrammyError)) throw error;
      logger.warn({ updateId: ctx.update.update_id, code: error.error_code }, 'could not delete a password');
    }
  }

  /**
   * A message sent after the password step's end: most likely the password, typed late. It is handled as one
   * (out of the logs already, deleted now) but not tried: the user is told the step timed out.
   */
  async function lateStep(ctx: BotContext): Promise<void> {
    await endAndDelete(ctx, approvedUser(ctx).telegramUserId);
    await ctx.reply(ctx.tbot.t('otrsLinkTimedOut'), { parse_mode: 'HTML' });
  }

  feature.on('message', async (ctx, next) => {
    const turn = conversationTurnOf(ctx);
    if (turn?.conversation.kind !== OTRS_LINK_CONVERSATION) return next();
    if (turn.late) return lateStep(ctx);
    if (turn.conversation.step === 'login') return loginStep(ctx, next);
    if (turn.conversation.step === 'password') return passwordStep(ctx, turn);
    return next();
  });
}
