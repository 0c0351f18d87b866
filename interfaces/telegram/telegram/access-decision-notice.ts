import type { AccessDecision } from '../../../application/telegram/index.ts';
import type { SettingValue } from '../../../domain/settings/index.ts';
import { chooseLanguage, translator } from '../i18n/index.ts';
import { roleName } from './role-names.ts';

export interface AccessDecisionNotice {
  readonly telegramUserId: number;
  /** The user's client language (Telegram's `language_code`), `null` when unknown. */
  readonly languageCode: string | null;
  readonly decision: AccessDecision;
}

/** The message telling the user the decision, in their own language (Telegram HTML). */
export function accessDecisionText(
  notice: Pick<AccessDecisionNotice, 'languageCode' | 'decision'>,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const t = translator(chooseLanguage(notice.languageCode, settings), settings);
  const { decision } = notice;
  switch (decision.verdict) {
    case 'approved':
      return t('accessGranted', { role: roleName(t, decision.role) });
    case 'roleChanged':
      return t('yourRoleChanged', { role: roleName(t, decision.role) });
    case 'denied':
      return t('accessDenied');
  }
}
