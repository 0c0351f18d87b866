import { z } from 'zod';
import type {
  TelegramLookups,
  TelegramUserCommands,
  TelegramUserResult,
  TelegramUserView,
} from '../../../application/telegram/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { TELEGRAM_CHAT_TYPES, TELEGRAM_ROLES } from '../../../domain/telegram/index.ts';
import type { Context } from 'koa';
import { adminWrite } from '../admin-write.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';

export interface TelegramUsersRoutesDeps {
  readonly commands: TelegramUserCommands;
  readonly lookups: TelegramLookups;
  readonly waitForTelegram: (checkpoint: Checkpoint) => Promise<boolean>;
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
const TelegramChat = z.object({
  chatId: z.number().int(),
  type: z.enum(TELEGRAM_CHAT_TYPES),
  title: z.string().nullable(),
  isForum: z.boolean(),
  topics: z.array(z.object({ threadId: z.number().int(), name: z.string().nullable() })),
});
const answers = { 200: { description: 'The Telegram user', schema: TelegramUser }, ...ACCEPTED_RESPONSE };

/**
 * `/api/v1/telegram`: the bot's users (approve or deny an access request, change a role, block) and the chats
 * and forum topics it has seen, for admins. The same decisions the admins' inline buttons in the bot make; the
 * user is told by the access-notices reactor, after the commit and whatever becomes of this request.
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
      read: () => deps.lookups.getUser(telegramUserId),
    });
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
      ctx.body = { items: await deps.lookups.listUsers(query) };
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
      const user = await deps.lookups.getUser(params.id);
      if (!user) throw new DomainError('TELEGRAM_USER.NOT_FOUND', `No Telegram user ${params.id}`);
      ctx.body = user;
    },
  );

  telegram.get(
    '/chats',
    {
      summary: 'Chats, groups and forum topics the bot has seen (where notifications can go)',
      access: ADMINS,
      responses: { 200: { description: 'Chats', schema: z.object({ items: z.array(TelegramChat) }) } },
    },
    async (ctx) => {
      ctx.body = { items: await deps.lookups.listChats() };
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
      await answer(ctx, params.id, result);
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
      await answer(ctx, params.id, result);
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
      await answer(ctx, params.id, result);
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
