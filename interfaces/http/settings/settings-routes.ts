import Router from '@koa/router';
import { z } from 'zod';
import type { SettingsCommands, SettingsView } from '../../../application/settings/index.ts';
import { SETTINGS, type SettingError } from '../../../domain/settings/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { requireRole } from '../auth/index.ts';
import { HttpProblem } from '../problem.ts';
import { adminWrite } from '../admin-write.ts';
import { parseRequest } from '../request-input.ts';

export interface SettingsRoutesDeps {
  readonly commands: SettingsCommands;
  readonly view: SettingsView;
  /** Whether a secret setting has a value in the environment or the secret store; `false` by default. */
  readonly secretIsSet?: (key: string) => boolean;
}

const ChangeBody = z.strictObject({
  changes: z.record(z.string().min(1).max(200), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** `/api/v1/settings`: every role reads them, admins change them; secrets are never shown nor set here. */
export function settingsRoutes(deps: SettingsRoutesDeps): Router {
  const router = new Router({ prefix: '/settings' });
  const secretIsSet = deps.secretIsSet ?? (() => false);

  const list = () => {
    const values = deps.view.current();
    return SETTINGS.map((s) => ({
      key: s.key,
      type: s.type,
      description: s.description,
      constraints: s.constraints,
      secret: s.secret,
      ...(s.secret ? { set: secretIsSet(s.key) } : { value: values[s.key] ?? s.default, default: s.default }),
    }));
  };

  router.get('/', requireRole('admin', 'operator', 'viewer'), (ctx) => {
    ctx.body = { settings: list() };
  });

  router.put('/', requireRole('admin'), async (ctx) => {
    const { body } = parseRequest(ctx, { body: ChangeBody });
    let result;
    try {
      result = await deps.commands.change(body.changes, adminWrite(ctx, 'settings'));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'SETTINGS.INVALID') throw error;
      const errors = (error.context['errors'] ?? []) as readonly SettingError[];
      throw new HttpProblem({
        status: 422,
        code: error.code,
        detail: error.message,
        errors: errors.map((e) => ({ path: `body.changes.${e.key}`, message: e.message })),
      });
    }
    if (result.checkpoint) await deps.view.waitFor(result.checkpoint);
    ctx.body = {
      changes: result.events.flatMap((e) => e.data.changes),
      duplicate: result.duplicate,
      settings: list(),
    };
  });

  return router;
}
