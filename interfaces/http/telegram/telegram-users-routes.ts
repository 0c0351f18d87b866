import { z } from 'zod';
import {
  type AccessDecision,
  type TelegramDirectory,
  type TelegramUserCommands,
  type TelegramUserResult,
  type TelegramUserView,
  accessDecisionOf,
} from '../../../application/telegram/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { TELEGRAM_ROLES } from '../../../domain/telegram/index.ts';
import type { Context } from 'koa';
import { adminWrite } from '../admin-write.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';

/** An admin's decision on a user's access, to tell the user in Telegram. */
export interface TelegramAccessDecisionNotice {
  readonly telegramUserId: number;
  /** The user's client language (Telegram's `language_code`): the message is in it. */
  readonly languageCode: string | null;
  readonly decision: AccessDecision;
}

export interface TelegramUsersRoutesDeps {
  readonly commands: TelegramUserCommands;
  readonly directory: TelegramDirectory;
  readonly waitForTelegram: (checkpoint: Checkpoint) => Promise<boolean>;
  /**
   * Tells the user an approval or a denial in Telegram, as the bot's buttons do; never rejects (a user who
   * blocked the bot does not fail the admin's request). Absent when the node has no bot token: nobody is told.
   */
  readonly notifyDecision?: (notice: TelegramAccessDecisionNotice) => Promise<void>;
}

const ADMINS = ['admin'] as const;
const Params = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52),
});
const Role = z.enum(TELEGRAM_ROLES);
const TelegramUser = z.object({
  telegramUserId: z.number().int(),
  username: z.string().nullable(),
  displayName: z.string(),
  languageCode: z.string().nullable(),
  status: z.enum(['registered', 'pending', 'approved', 'denied', 'blocked']),
  role: Role.nullable(),
  registeredAt: z.string(),
  updatedAt: z.string(),
});
const answers = { 200: { description: 'The Telegram user', schema: TelegramUser }, ...ACCEPTED_RESPONSE };

/**
 * `/api/v1/telegram`: the bot's users (approve or deny an access request, change a role, block) and the chats
 * and forum topics it has seen, for admins. The same decisions the admins' inline buttons in the bot make, and
 * like them an approval or a denial is told to the user in Telegram (`notifyDecision`).
 */
export function telegramUsersRoutes(deps: TelegramUsersRoutesDeps): ApiFeature {
  const telegram = apiFeature('/telegram', 'Telegram');

  /** The user as the read model shows them once it has the write, or 202 (see `answerCommitted`). */
  async function answer(
    ctx: Context,
    telegramUserId: number,
    result: TelegramUserResult,
  ): Promise<TelegramUserView | null> {
    return answerCommitted(ctx, {
      result,
      id: String(telegramUserId),
      path: `/telegram/users/${telegramUserId}`,
      status: 200,
      waitFor: deps.waitForTelegram,
      read: () => deps.directory.getUser(telegramUserId),
    });
  }

  // Only a decision this request recorded is told: one that changed nothing, or a retry with the same
  // Idempotency-Key, tells nobody twice. The verdict comes from the event, not the read model, which may lag.
  async function tell(
    telegramUserId: number,
    shown: TelegramUserView | null,
    result: TelegramUserResult,
  ): Promise<void> {
    const notify = deps.notifyDecision;
    const decisions = result.events.map((event) => accessDecisionOf(event)).filter((d) => d !== null);
    if (!notify || decisions.length === 0) return;
    // The user's language is not what the decision changed: a read model that lags still has it.
    const user = shown ?? (await deps.directory.getUser(telegramUserId).catch(() => null));
    for (const decision of decisions) {
      await notify({ telegramUserId, languageCode: user?.languageCode ?? null, decision });
    }
  }

  telegram.get(
    '/users',
    {
      summary: 'Telegram users, most recent first (`status=pending`: the access requests waiting)',
      access: ADMINS,
      request: {
        query: z.strictObject({
          status: z.enum(['registered', 'pending', 'approved', 'denied', 'blocked']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      responses: { 200: { description: 'Users', schema: z.object({ items: z.array(TelegramUser) }) } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.directory.listUsers(query) };
    },
  );

  telegram.get(
    '/users/:id',
    {
      summary: 'One Telegram user',
      access: ADMINS,
      request: { params: Params },
      responses: { 200: { description: 'The Telegram user', schema: TelegramUser } },
    },
    async (ctx, { params }) => {
      const user = await deps.directory.getUser(params.id);
      if (!user) throw new DomainError('TELEGRAM_USER.NOT_FOUND', `No Telegram user ${params.id}`);
      ctx.body = user;
    },
  );

  telegram.get(
    '/chats',
    {
      summary: 'Chats, groups and forum topics the bot has seen (where notifications can go)',
      access: ADMINS,
      responses: { 200: { description: 'Chats' } },
    },
    async (ctx) => {
      ctx.body = { items: await deps.directory.listChats() };
    },
  );

  telegram.post(
    '/users/:id/approve',
    {
      summary: "Approve a user's access request with a role",
      access: ADMINS,
      idempotent: true,
      request: { params: Params, body: z.strictObject({ role: Role }) },
      responses: answers,
    },
    async (ctx, { params, body }) => {
      const result = await deps.commands.approve(params.id, body.role, adminWrite(ctx, 'telegram'));
      await tell(params.id, await answer(ctx, params.id, result), result);
    },
  );

  telegram.post(
    '/users/:id/deny',
    {
      summary: "Deny a user's access request",
      access: ADMINS,
      idempotent: true,
      request: { params: Params },
      responses: answers,
    },
    async (ctx, { params }) => {
      const result = await deps.commands.deny(params.id, adminWrite(ctx, 'telegram'));
      await tell(params.id, await answer(ctx, params.id, result), result);
    },
  );

  telegram.post(
    '/users/:id/role',
    {
      summary: "Change an approved user's role",
      access: ADMINS,
      idempotent: true,
      request: { params: Params, body: z.strictObject({ role: Role }) },
      responses: answers,
    },
    async (ctx, { params, body }) => {
      const result = await deps.commands.changeRole(params.id, body.role, adminWrite(ctx, 'telegram'));
      await tell(params.id, await answer(ctx, params.id, result), result);
    },
  );

  telegram.post(
    '/users/:id/block',
    {
      summary: 'Block a user: the bot ignores them',
      access: ADMINS,
      idempotent: true,
      request: { params: Params },
      responses: answers,
    },
    async (ctx, { params }) => {
      await answer(ctx, params.id, await deps.commands.block(params.id, adminWrite(ctx, 'telegram')));
    },
  );

  return telegram.feature;
}
