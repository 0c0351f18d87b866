import { z } from 'zod';
import type { makeForgetTelegramUser } from '../../../application/telegram/index.ts';
import { adminWrite } from '../admin-write.ts';
import { plainString } from '../plain-text-schema.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';

export interface TelegramForgetRoutesDeps {
  readonly forgetTelegramUser: ReturnType<typeof makeForgetTelegramUser>;
}

const ADMINS = ['admin'] as const;
const Params = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52),
});
const ReasonBody = z.strictObject({ reason: plainString().trim().min(1).max(500) });
const Forgotten = z.object({
  telegramUserId: z.number().int(),
  forgotten: z.literal(true),
  /** False when they were forgotten already (a retry, or another admin first). */
  recorded: z.boolean(),
});

/**
 * `POST /api/v1/telegram/users/:id/forget`: forget a Telegram user (152-FZ, GDPR), as `tbot telegram forget`
 * does. There is nothing of them left to show: the answer says it is done.
 */
export function telegramForgetRoutes(deps: TelegramForgetRoutesDeps): ApiFeature {
  const telegram = apiFeature('/telegram', 'Telegram');
  telegram.post(
    '/users/:id/forget',
    {
      summary: 'Forget a Telegram user (152-FZ, GDPR): their names and messages become unreadable everywhere',
      description:
        'Ends their OTRS agent link (reason forgotten: its login released, its session dropped), records ' +
        "TelegramUserForgotten with the reason, deletes the user's data key (their names and username " +
        'in every event, their name on what they did and the texts of their messages can no longer be read), ' +
        'and deletes their message log, inbox and outbox rows; the read models and the audit log scrub them. ' +
        'The bot ignores them from then on. Cannot be undone.',
      access: ADMINS,
      idempotent: true,
      request: { params: Params, body: ReasonBody },
      responses: { 200: { description: 'The user is forgotten', schema: Forgotten } },
    },
    async (ctx, { params, body }) => {
      const write = adminWrite(ctx, 'telegram');
      const result = await deps.forgetTelegramUser(params.id, {
        ...write,
        metadata: { ...write.metadata, reason: body.reason },
      });
      ctx.body = {
        telegramUserId: params.id,
        forgotten: true,
        recorded: result.events.length > 0 || result.duplicate,
      };
    },
  );
  return telegram.feature;
}
