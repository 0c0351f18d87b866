import type pg from 'pg';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import { type MessageLog, withProtectedMessageTexts } from '../../application/telegram/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import { postgresMessageLog } from '../../infrastructure/telegram/index.ts';

export interface MessageLogRuntimeDeps {
  readonly pool: pg.Pool;
  readonly personalDataKeys: PersonalDataKeys;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
}

/**
 * The message log every sender and the bot write to: `telegram.messages` with its texts encrypted per
 * Telegram user, and the bot's own texts left out unless `telegram.keepMessageTexts` is on.
 */
export function openMessageLog(deps: MessageLogRuntimeDeps): MessageLog {
  return withProtectedMessageTexts(postgresMessageLog(deps.pool), {
    keys: deps.personalDataKeys,
    keepOutgoingTexts: () => deps.settings.current()['telegram.keepMessageTexts'] === true,
  });
}
