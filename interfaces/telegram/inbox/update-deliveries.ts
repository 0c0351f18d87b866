import type { MiddlewareFn, Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../../application/ports/index.ts';
import type { JournaledCall } from '../../../application/telegram/index.ts';
import type { BotContext } from '../bot-context.ts';

/** What the inbox tells the bot about the handling of one update it hands over. */
export interface UpdateDelivery {
  /** Failed handlings of this update before this one. */
  readonly attempts: number;
  /** When this handling fails, the update is given up on: the user is told something went wrong. */
  readonly lastAttempt: boolean;
  /** The calls earlier handlings made and Telegram accepted. */
  readonly journal: readonly JournaledCall[];
  /** Records a call right after Telegram accepted it. */
  record(call: JournaledCall): Promise<void>;
}

/** Deliveries by update, for the bot's first middleware to find (the inbox hands the update object itself). */
export interface UpdateDeliveries {
  attach(update: Update, delivery: UpdateDelivery): void;
  of(update: Update): UpdateDelivery | undefined;
}

export function createUpdateDeliveries(): UpdateDeliveries {
  const deliveries = new WeakMap<Update, UpdateDelivery>();
  return {
    attach: (update, delivery) => deliveries.set(update, delivery),
    of: (update) => deliveries.get(update),
  };
}

/** True when the update was handled before, wholly or partly: it is not a new request of its user. */
export const isRedelivery = (delivery: UpdateDelivery | undefined) =>
  delivery !== undefined && (delivery.attempts > 0 || delivery.journal.length > 0);

/**
 * An API transformer for one update's `ctx.api`: its n-th call that changes something (any method but
 * `get*`) is call n; a call n an earlier handling already made (same method) is not made again, and answers
 * what Telegram answered then. A handling replays the same calls in the same order, as it decides from the
 * same update and the same (idempotent) command results. A process killed between a send and its record
 * sends that one call again on the retry: at least once, never lost.
 */
export function journaledCalls(delivery: UpdateDelivery): Transformer {
  const earlier = new Map(delivery.journal.map((call) => [call.seq, call]));
  let seq = 0;
  return async (prev, method, payload, signal) => {
    if (method.startsWith('get')) return prev(method, payload, signal);
    seq += 1;
    const n = seq;
    const made = earlier.get(n);
    if (made && made.method === method) {
      return { ok: true, result: JSON.parse(made.result) as never };
    }
    const answer = await prev(method, payload, signal);
    if (answer.ok) await delivery.record({ seq: n, method, result: JSON.stringify(answer.result) ?? 'null' });
    return answer;
  };
}

/**
 * The bot's first middleware: an update from the inbox has its calls journaled, and when its last allowed
 * handling fails, its user is told so (once: no handling follows). The failure still propagates, for the inbox
 * to record it.
 */
export function deliveryMiddleware(deliveries: UpdateDeliveries, logger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const delivery = deliveries.of(ctx.update);
    if (!delivery) return next();
    ctx.api.config.use(journaledCalls(delivery));
    try {
      await next();
    } catch (error) {
      // The pipeline's first step sets `tbot`; a failure before it leaves nothing to word the answer with.
      const tbot = (ctx as Partial<BotContext>).tbot;
      if (delivery.lastAttempt && tbot) {
        const text = tbot.t('error');
        try {
          if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
          else if (ctx.chat) await ctx.reply(text);
        } catch (replyError) {
          logger.warn(
            { err: replyError, updateId: ctx.update.update_id },
            'could not tell the user of a failure',
          );
        }
      }
      throw error;
    }
  };
}
