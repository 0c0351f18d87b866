import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import { chooseLanguage, translator } from '../i18n/index.ts';

export const OtrsSessionExpiredParamsSchema = z.object({ languageCode: z.string().nullable() });

/** "Your OTRS session has expired: log in again with /otrs_link", in the agent's language (Telegram HTML). */
export function otrsSessionExpiredText(
  params: z.infer<typeof OtrsSessionExpiredParamsSchema>,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  return translator(chooseLanguage(params.languageCode, settings), settings)('otrsSessionExpired');
}
