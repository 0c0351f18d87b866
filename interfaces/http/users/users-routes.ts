import type { Context } from 'koa';
import { z } from 'zod';
import type { Checkpoint, UserDirectory } from '../../../application/ports/index.ts';
import {
  MIN_PASSWORD_LENGTH,
  type UserCommandResult,
  type UserCommands,
} from '../../../application/users/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { USER_ROLES } from '../../../domain/users/index.ts';
import { type ApiFeature, apiFeature } from '../api/index.ts';
import { adminWrite } from '../admin-write.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';

export interface UsersRoutesDeps {
  readonly commands: UserCommands;
  readonly directory: UserDirectory;
  /** Read-your-writes: resolves once the users read model has applied `checkpoint` (`false` on timeout). */
  readonly waitForUsers: (checkpoint: Checkpoint) => Promise<boolean>;
}

const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits, and . _ @ - only');
const Password = z.string().min(MIN_PASSWORD_LENGTH).max(1024);
const Role = z.enum(USER_ROLES);
const Params = z.strictObject({ id: z.uuid() });

const User = z.object({
  userId: z.uuid(),
  username: z.string(),
  role: Role,
  disabled: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
const ADMINS = ['admin'] as const;
const answers = (description: string) => ({ 200: { description, schema: User }, ...ACCEPTED_RESPONSE });

/** `/api/v1/users` (admins only): list, create, change role, disable, enable, reset password. */
export function usersRoutes(deps: UsersRoutesDeps): ApiFeature {
  const users = apiFeature('/users', 'Users');

  /** Answers the user as the read model shows it once it has the write, or 202 (see `answerCommitted`). */
  async function answer(ctx: Context, result: UserCommandResult, status = 200): Promise<void> {
    await answerCommitted(ctx, {
      result,
      id: result.userId,
      path: `/users/${result.userId}`,
      status,
      waitFor: deps.waitForUsers,
      read: () => deps.directory.findById(result.userId),
    });
  }

  users.get(
    '/',
    {
      summary: 'List the users',
      access: ADMINS,
      responses: { 200: { description: 'Every user', schema: z.object({ items: z.array(User) }) } },
    },
    async (ctx) => {
      ctx.body = { items: await deps.directory.list() };
    },
  );

  users.get(
    '/:id',
    {
      summary: 'One user',
      access: ADMINS,
      request: { params: Params },
      responses: { 200: { description: 'The user', schema: User } },
    },
    async (ctx, { params }) => {
      const user = await deps.directory.findById(params.id);
      if (!user) throw new DomainError('USER.NOT_FOUND', `No user ${params.id}`);
      ctx.body = user;
    },
  );

  users.post(
    '/',
    {
      summary: 'Create a user',
      access: ADMINS,
      idempotent: true,
      request: { body: z.strictObject({ username: Username, password: Password, role: Role }) },
      responses: { 201: { description: 'The new user', schema: User }, ...ACCEPTED_RESPONSE },
    },
    async (ctx, { body }) => {
      await answer(ctx, await deps.commands.createUser(body, adminWrite(ctx, 'users')), 201);
    },
  );

  users.patch(
    '/:id/role',
    {
      summary: "Change a user's role",
      access: ADMINS,
      idempotent: true,
      request: { params: Params, body: z.strictObject({ role: Role }) },
      responses: answers('The user'),
    },
    async (ctx, { params, body }) => {
      await answer(ctx, await deps.commands.changeRole(params.id, body.role, adminWrite(ctx, 'users')));
    },
  );

  users.post(
    '/:id/disable',
    {
      summary: 'Disable a user',
      description:
        'The user can no longer log in, their refresh tokens are revoked, and their unexpired access tokens ' +
        "are refused (401 `AUTH.ACCOUNT_DISABLED`) from this node's next request, on other nodes within 2 s. " +
        'Disabling a disabled user changes nothing.',
      access: ADMINS,
      idempotent: true,
      request: { params: Params },
      responses: answers('The user'),
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.commands.disable(params.id, adminWrite(ctx, 'users')));
    },
  );

  users.post(
    '/:id/enable',
    {
      summary: 'Enable a disabled user again',
      description:
        "The user may log in again, and their unexpired access tokens work again from this node's next " +
        'request, on other nodes within 2 s. Their refresh tokens, revoked by the disable, stay revoked: ' +
        'the user logs in again. Enabling a user who is not disabled is refused (422 ' +
        '`USER.ALREADY_ENABLED`); a retry with the same `Idempotency-Key` answers the user.',
      access: ADMINS,
      idempotent: true,
      request: { params: Params },
      responses: answers('The user'),
    },
    async (ctx, { params }) => {
      await answer(ctx, await deps.commands.enable(params.id, adminWrite(ctx, 'users')));
    },
  );

  users.post(
    '/:id/password',
    {
      summary: "Reset a user's password",
      description: "Revokes the user's refresh tokens: every session of theirs logs in again.",
      access: ADMINS,
      idempotent: true,
      request: { params: Params, body: z.strictObject({ password: Password }) },
      responses: answers('The user'),
    },
    async (ctx, { params, body }) => {
      await answer(
        ctx,
        await deps.commands.resetPassword(params.id, body.password, adminWrite(ctx, 'users')),
      );
    },
  );

  return users.feature;
}
