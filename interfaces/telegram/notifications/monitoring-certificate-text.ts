import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import type { CertificateParams } from '../../../projections/index.ts';
import { type Language, chooseLanguage, escapeHtml } from '../i18n/index.ts';

// Beside the alert's words, for the same reason: a group chat has only the `bot.language` setting.
const TEXTS = {
  ru: {
    expires: (server: string, url: string, date: string, days: number) =>
      `🔐 ${server}: TLS-сертификат ${url} истекает ${date} (${days === 0 ? 'сегодня' : `через ${days} дн.`})`,
    renewed: (server: string, url: string, date: string) =>
      `🔐 ${server}: TLS-сертификат ${url} обновлён, действует до ${date}`,
  },
  en: {
    expires: (server: string, url: string, date: string, days: number) =>
      `🔐 ${server}: the TLS certificate of ${url} expires on ${date} (${days === 0 ? 'today' : days === 1 ? 'in 1 day' : `in ${days} days`})`,
    renewed: (server: string, url: string, date: string) =>
      `🔐 ${server}: the TLS certificate of ${url} was renewed, valid until ${date}`,
  },
} as const satisfies Record<Language, Record<string, (...args: never[]) => string>>;

/** Bounded by the reactor's own names and a check's URL (at most 2,048 characters). */
export const CertificateParamsSchema = z.object({
  serverName: z.string().max(500),
  url: z.string().max(2100),
  validTo: z.string().max(40),
  daysLeft: z.number().int().min(0),
  renewed: z.boolean(),
});

/** `🔐 db1: the TLS certificate of https://db1/ expires on 2026-12-06 (in 3 days)`; one line. */
export function monitoringCertificateText(
  params: CertificateParams,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const texts = TEXTS[chooseLanguage(null, settings)];
  const server = `<b>${escapeHtml(params.serverName)}</b>`;
  const url = escapeHtml(params.url);
  const date = params.validTo.slice(0, 10);
  return params.renewed
    ? texts.renewed(server, url, date)
    : texts.expires(server, url, date, params.daysLeft);
}
