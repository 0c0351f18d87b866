import { z } from 'zod';
import type { SettingsCommands, SettingsView } from '../../../application/settings/index.ts';
import { SETTINGS, type SettingError, type SettingValue } from '../../../domain/settings/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { HttpProblem } from '../problem.ts';
import { adminWrite } from '../admin-write.ts';
import { answerAccepted } from '../committed-write.ts';

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

  const ChangeAnswer = z.object({
    changes: z
      .array(z.object({ key: z.string(), from: Value, to: Value }))
      .describe('Each setting this request changed, with its value before and after'),
    duplicate: z.boolean(),
    settings: z.array(Setting),
  });

  /** Every setting; `own` (this write's new values) over the view's when the view does not have them yet. */
  const list = (own: Readonly<Record<string, SettingValue>> = {}) => {
    const values = { ...deps.view.current(), ...own };
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
        200: { description: 'What changed, and the settings now', schema: ChangeAnswer },
        202: {
          description:
            "Committed, but this node's settings did not show it within 5 s: the same body, with this " +
            "write's new values; `Location` answers them once the node has them. Never a failure: do not retry.",
          schema: ChangeAnswer,
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
      // Committed: from here on the answer is built from the command's own events, whatever the view shows.
      const changes = result.events.flatMap((e) => e.data.changes);
      const reached = result.checkpoint === null || (await deps.view.waitFor(result.checkpoint));
      const answer = {
        changes: changes.map((c) => ({ key: c.key, from: c.old, to: c.new })),
        duplicate: result.duplicate,
        settings: list(reached ? {} : Object.fromEntries(changes.map((c) => [c.key, c.new]))),
      };
      if (reached) ctx.body = answer;
      else answerAccepted(ctx, '/settings', answer);
    },
  );

  return settings.feature;
}
