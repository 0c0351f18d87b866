import { timingSafeEqual } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Update } from 'grammy/types';
import type { Logger } from '../../../application/ports/index.ts';

/** Where Telegram posts updates in webhook mode: outside `/api/v1`, not behind the API's login. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramWebhookOptions {
  /** Compared, in constant time, with the `X-Telegram-Bot-Api-Secret-Token` header of every request. */
  readonly secret: string;
  /** Stores the update durably in the inbox; Telegram is answered 200 only after it resolves. */
  readonly receive: (updates: readonly Update[]) => Promise<void>;
  readonly logger: Logger;
}

const sameSecret = (given: string | undefined, expected: string) => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const isUpdate = (body: unknown): body is Update =>
  typeof body === 'object' &&
  body !== null &&
  Number.isSafeInteger((body as { update_id?: unknown }).update_id);

/** `POST /telegram/webhook`: every node with role `bot` serves it in webhook mode. */
export function telegramWebhookRoutes(options: TelegramWebhookOptions): Router {
  const router = new Router();
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: 1024 * 1024, encoding: 'utf-8' });

  router.post(TELEGRAM_WEBHOOK_PATH, async (ctx) => {
    if (!sameSecret(ctx.get('x-telegram-bot-api-secret-token') || undefined, options.secret)) {
      ctx.status = 401;
      ctx.body = { ok: false };
      return;
    }
    try {
      await parse(ctx, () => Promise.resolve());
    } catch {
      ctx.status = 400;
      ctx.body = { ok: false };
      return;
    }
    const body: unknown = ctx.request.body;
    if (!isUpdate(body)) {
      ctx.status = 400;
      ctx.body = { ok: false };
      return;
    }
    try {
      await options.receive([body]);
    } catch (error) {
      // Not stored: a 500 makes Telegram deliver the update again.
      options.logger.error({ err: error, updateId: body.update_id }, 'telegram webhook update not stored');
      ctx.status = 500;
      ctx.body = { ok: false };
      return;
    }
    ctx.status = 200;
    ctx.body = { ok: true };
  });

  return router;
}
