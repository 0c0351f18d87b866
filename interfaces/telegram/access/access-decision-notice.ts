import type { Api } from 'grammy';
import type { Logger } from '../../../application/ports/index.ts';
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

export interface AccessDecisionNoticeDeps {
  /** The bot's `Api` (throttled within Telegram's limits, retried), or one configured the same way. */
  readonly api: Pick<Api, 'sendMessage'>;
  /** The current settings: the default language and the texts an admin may have changed. */
  readonly settings: () => Readonly<Record<string, SettingValue>>;
  readonly logger: Logger;
  /** How long the send may take, retries and throttle included; 10 s by default. */
  readonly timeoutMs?: number;
}

const NOTICE_TIMEOUT_MS = 10_000;

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

/**
 * Tells a user an admin's decision on their access, whichever interface the admin decided in (the bot's
 * buttons, the REST API). Never rejects: the decision is already recorded, and a user who blocked the bot or
 * never started it must not fail the admin's action; the failure is logged with the user and the verdict.
 */
export async function tellAccessDecision(
  deps: AccessDecisionNoticeDeps,
  notice: AccessDecisionNotice,
): Promise<void> {
  const { telegramUserId, decision } = notice;
  try {
    const text = accessDecisionText(notice, deps.settings());
    // Bounded: the admin's request waits for it, and retries of an unreachable Telegram would take minutes.
    await deps.api.sendMessage(
      telegramUserId,
      text,
      { parse_mode: 'HTML' },
      // grammY types its signal with the abort-controller shim's class; Node's is the same thing at run time.
      AbortSignal.timeout(deps.timeoutMs ?? NOTICE_TIMEOUT_MS) as Parameters<Api['sendMessage']>[3],
    );
    deps.logger.info({ telegramUserId, verdict: decision.verdict }, 'told a user about the decision');
  } catch (error) {
    deps.logger.warn(
      { err: error, telegramUserId, verdict: decision.verdict },
      'could not tell a user about the decision',
    );
  }
}
