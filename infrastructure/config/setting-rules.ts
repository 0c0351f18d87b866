import type { EnvSettings } from './env-schema.ts';

/**
 * A check across settings, made with the others in `loadConfig`: every command refuses a configuration that
 * breaks one before it touches the database, Redis or a file (exit code 2 promises that nothing was done).
 * A setting checked on its own belongs in `envSchema`; one that depends on another gets an entry here.
 */
export interface SettingRule {
  /** The variable the problem is about, for the order problems are listed in. */
  readonly setting: keyof EnvSettings;
  /** The problem, starting with the variable's name; null when the settings keep the rule. Never a secret's value. */
  readonly problem: (settings: EnvSettings) => string | null;
}

export const SETTING_RULES: readonly SettingRule[] = [
  {
    setting: 'TELEGRAM_WEBHOOK_SECRET',
    // Without it anyone who finds the URL could post updates as Telegram.
    problem: (s) =>
      s.TELEGRAM_WEBHOOK_URL !== undefined && s.TELEGRAM_WEBHOOK_SECRET === undefined
        ? 'TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL'
        : null,
  },
  {
    setting: 'NOTIFICATION_CLAIM_TTL_MS',
    // A claim that runs out during a send lets another node send the same notice meanwhile.
    problem: (s) =>
      s.NOTIFICATION_CLAIM_TTL_MS <= s.NOTIFICATION_SEND_TIMEOUT_MS
        ? 'NOTIFICATION_CLAIM_TTL_MS: must be longer than NOTIFICATION_SEND_TIMEOUT_MS'
        : null,
  },
  {
    setting: 'AUTH_JWT_SECRET',
    // A random per-process key would make every node refuse the others' tokens, and every restart log all out.
    problem: (s) =>
      s.NODE_ENV === 'production' && s.AUTH_JWT_SECRET === undefined
        ? 'AUTH_JWT_SECRET: required in production (32+ random characters, shared by all nodes)'
        : null,
  },
  {
    setting: 'PERSONAL_DATA_MASTER_KEY',
    // Only the embedded mode may generate one: every node of an external database needs the same key.
    problem: (s) =>
      s.DATABASE_URL !== undefined && s.PERSONAL_DATA_MASTER_KEY === undefined
        ? 'PERSONAL_DATA_MASTER_KEY: required with DATABASE_URL (32 random bytes as 64 hex digits or base64, ' +
          'openssl rand -base64 32; the same on every node; keep a backup: without it personal data in the log ' +
          'cannot be read)'
        : null,
  },
  {
    setting: 'PUBLIC_URL',
    // Behind plain http a session cookie cannot be Secure: anyone on the path could take the session.
    problem: (s) =>
      insecureCookiesInProduction(s)
        ? 'PUBLIC_URL: must be an https:// URL in production, so that session cookies are Secure ' +
          '(or set HTTP_ALLOW_INSECURE_COOKIES=true to run cookie sessions over plain http)'
        : null,
  },
  {
    setting: 'OTRS_SERVICE_USER',
    // One without the other cannot log in; said at start rather than at the poller's first round.
    problem: (s) =>
      s.OTRS_SERVICE_USER === undefined && s.OTRS_SERVICE_PASSWORD !== undefined
        ? 'OTRS_SERVICE_USER: required with OTRS_SERVICE_PASSWORD'
        : null,
  },
  {
    setting: 'OTRS_SERVICE_PASSWORD',
    problem: (s) =>
      s.OTRS_SERVICE_PASSWORD === undefined && s.OTRS_SERVICE_USER !== undefined
        ? 'OTRS_SERVICE_PASSWORD: required with OTRS_SERVICE_USER'
        : null,
  },
  ...(['OTRS_SERVICE_USER', 'OTRS_WEBHOOK_SECRET', 'OTRS_CA_FILE', 'OTRS_WEBHOOK_ALLOW_FROM'] as const).map(
    (setting): SettingRule => ({
      setting,
      // Set for an OTRS that TBot is not told of: most likely OTRS_BASE_URL was forgotten.
      problem: (s) =>
        s[setting] !== undefined && s.OTRS_BASE_URL === undefined
          ? `${setting}: set without OTRS_BASE_URL`
          : null,
    }),
  ),
];

/** A production node whose web admin sessions would travel over plain http, not explicitly allowed. */
function insecureCookiesInProduction(settings: EnvSettings): boolean {
  if (settings.NODE_ENV !== 'production' || settings.HTTP_ALLOW_INSECURE_COOKIES) return false;
  return settings.PUBLIC_URL === undefined || new URL(settings.PUBLIC_URL).protocol !== 'https:';
}
