/**
 * What a Telegram user may do in the bot: `admin` everything (approving others too), `operator` day-to-day
 * work, `viewer` look-ups only (`/find`, `/whois`).
 */
export const TELEGRAM_ROLES = ['admin', 'operator', 'viewer'] as const;

export type TelegramRole = (typeof TELEGRAM_ROLES)[number];

export const isTelegramRole = (value: unknown): value is TelegramRole =>
  typeof value === 'string' && (TELEGRAM_ROLES as readonly string[]).includes(value);
