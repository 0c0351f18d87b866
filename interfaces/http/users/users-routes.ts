import Router from '@koa/router';
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
import { requireRole } from '../auth/index.ts';
import { adminWrite } from '../admin-write.ts';
import { parseRequest } from '../request-input.ts';

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

/** `/api/v1/users` (admins only): list, create, change role, disable, reset password. */
export function usersRoutes(deps: UsersRoutesDeps): Router {
  const router = new Router({ prefix: '/users' });
  router.use(requireRole('admin'));

  /** Answers the user as the read model shows it once it has the write. */
  async function answer(ctx: Context, result: UserCommandResult, status = 200): Promise<void> {
    if (result.checkpoint) await deps.waitForUsers(result.checkpoint);
    const user = await deps.directory.findById(result.userId);
    if (!user) throw new DomainError('USER.NOT_FOUND', `No user ${result.userId}`);
    ctx.status = status;
    ctx.body = user;
  }

  router.get('/', async (ctx) => {
    ctx.body = { items: await deps.directory.list() };
  });

  router.post('/', async (ctx) => {
    const { body } = parseRequest(ctx, {
      body: z.strictObject({ username: Username, password: Password, role: Role }),
    });
    await answer(ctx, await deps.commands.createUser(body, adminWrite(ctx, 'users')), 201);
  });

  router.patch('/:id/role', async (ctx) => {
    const { params, body } = parseRequest(ctx, { params: Params, body: z.strictObject({ role: Role }) });
    await answer(ctx, await deps.commands.changeRole(params.id, body.role, adminWrite(ctx, 'users')));
  });

  router.post('/:id/disable', async (ctx) => {
    const { params } = parseRequest(ctx, { params: Params });
    await answer(ctx, await deps.commands.disable(params.id, adminWrite(ctx, 'users')));
  });

  router.post('/:id/password', async (ctx) => {
    const { params, body } = parseRequest(ctx, {
      params: Params,
      body: z.strictObject({ password: Password }),
    });
    await answer(ctx, await deps.commands.resetPassword(params.id, body.password, adminWrite(ctx, 'users')));
  });

  return router;
}
