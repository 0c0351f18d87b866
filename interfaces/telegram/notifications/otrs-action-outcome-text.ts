import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import { chooseLanguage, translator } from '../i18n/index.ts';
import { actionOutcomeText } from '../otrs/action-outcome-text.ts';

/** The params of an `otrs.actionOutcome` row (see the otrs-action-notices reactor). */
export const OtrsActionOutcomeParams = z.object({
  kind: z.enum(['take', 'note', 'reassign', 'close']),
  number: z.string().max(50),
  ok: z.boolean(),
  code: z.string().max(100).nullable(),
  message: z.string().max(1000).nullable(),
  languageCode: z.string().nullable(),
});

/** An action's outcome told to its agent, in their language (Telegram HTML). */
export function otrsActionOutcomeText(
  params: z.infer<typeof OtrsActionOutcomeParams>,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const t = translator(chooseLanguage(params.languageCode, settings), settings);
  const outcome = params.ok
    ? ({ ok: true } as const)
    : ({ ok: false, code: params.code ?? 'OTRS.REFUSED', message: params.message } as const);
  return actionOutcomeText(t, params.kind, params.number, outcome);
}
