import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import type { ReminderParams } from '../../../projections/index.ts';
import { type Language, chooseLanguage, escapeHtml } from '../i18n/index.ts';
import { durationText } from './monitoring-alert-text.ts';

// Beside the alert's words, for the same reason: a group chat has only the `bot.language` setting.
const TEXTS = {
  ru: { stillDown: '⏰ Всё ещё недоступен', group: 'Группа', since: 'с' },
  en: { stillDown: '⏰ Still down', group: 'Group', since: 'since' },
} as const satisfies Record<Language, Record<string, string>>;

/** Bounded by the reactor's own names; a reminder is one line. */
export const ReminderParamsSchema = z.object({
  incidentId: z.string().max(200),
  serverName: z.string().max(500),
  groupName: z.string().max(500),
  since: z.string().max(40),
  reminder: z.number().int().min(1),
  downForSeconds: z.number().int().min(0),
});

const at = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** `⏰ Still down, 25 min: <b>pg-main</b> · Group: Databases (since 2026-12-03 07:31 UTC)`. */
export function monitoringReminderText(
  params: ReminderParams,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const language = chooseLanguage(null, settings);
  const texts = TEXTS[language];
  return (
    `${texts.stillDown}, ${durationText(params.downForSeconds, language)}: <b>${escapeHtml(params.serverName)}</b>` +
    ` · ${texts.group}: ${escapeHtml(params.groupName)} (${texts.since} ${at(params.since)})`
  );
}
