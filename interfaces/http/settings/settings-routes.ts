import { z } from 'zod';
import type { SettingsCommands, SettingsView } from '../../../application/settings/index.ts';
import { SETTINGS, type SettingError } from '../../../domain/settings/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { HttpProblem } from '../problem.ts';
import { adminWrite } from '../admin-write.ts';

export interface SettingsRoutesDeps {
  readonly commands: SettingsCommands;
  readonly view: SettingsView;
  /** Whether a secret setting has a value in the environment or the secret store; `false` by default. */
  readonly secretIsSet?: (key: string) => boolean;
}

const Value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ChangeBody = z.strictObject({ changes: z.record(z.string().min(1).max(200), Value) });
const Setting = z.object({
  key: z.string(),
  type: z.string(),
  description: z.string(),
  constraints: z.unknown(),
  secret: z.boolean(),
  value: Value.optional(),
  default: Value.optional(),
  set: z.boolean().optional().describe('Secrets only: whether a value is configured'),
});

/** `/api/v1/settings`: every role reads them, admins change them; secrets are never shown nor set here. */
export function settingsRoutes(deps: SettingsRoutesDeps): ApiFeature {
  const settings = apiFeature('/settings', 'Settings');
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

  settings.get(
    '/',
    {
      summary: 'Every setting with its value, default and constraints',
      description: 'Secret settings show only whether they are set.',
      access: ['admin', 'operator', 'viewer'],
      responses: { 200: { description: 'The settings', schema: z.object({ settings: z.array(Setting) }) } },
    },
    (ctx) => {
      ctx.body = { settings: list() };
    },
  );

  settings.put(
    '/',
    {
      summary: 'Change settings (an event with the old and new values)',
      description:
        'Every change is validated first; one bad value changes nothing. Secrets cannot be set here.',
      access: ['admin'],
      idempotent: true,
      request: { body: ChangeBody },
      responses: {
        200: {
          description: 'What changed, and the settings now',
          schema: z.object({
            changes: z.array(z.object({ key: z.string(), from: Value, to: Value })),
            duplicate: z.boolean(),
            settings: z.array(Setting),
          }),
        },
      },
    },
    async (ctx, { body }) => {
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
    },
  );

  return settings.feature;
}
