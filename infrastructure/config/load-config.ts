import { hostname } from 'node:os';
import type { core } from 'zod';
import {
  defaultSecretSource,
  type EnvRecord,
  type SecretOrigin,
  type SecretSource,
} from '../secrets/index.ts';
import { SECRET_SETTINGS, type Config, type SecretSetting } from './config.ts';
import { ConfigError } from './config-error.ts';
import { ENV_SETTINGS, envSchema, type EnvSettings } from './env-schema.ts';

interface Problem {
  readonly setting: string;
  readonly text: string;
}

/**
 * Reads and validates TBot's settings from `env` (usually `process.env`), taking the secrets through
 * `secrets` (environment, `NAME_FILE`, OS keyring). Blank variables count as unset.
 *
 * @throws {ConfigError} listing every problem at once, each naming its variable; never a secret's value.
 */
export function loadConfig(env: EnvRecord, secrets: SecretSource = defaultSecretSource): Config {
  const problems: Problem[] = [];
  const input: Record<string, string | undefined> = {};
  for (const setting of ENV_SETTINGS) input[setting] = blankAsUnset(env[setting]?.trim());

  const secretSources = {} as Record<SecretSetting, SecretOrigin>;
  for (const setting of SECRET_SETTINGS) {
    const result = secrets.resolve(setting, env);
    if (result.ok) {
      input[setting] = result.secret.value;
      secretSources[setting] = result.secret.source;
    } else {
      input[setting] = undefined;
      secretSources[setting] = 'absent';
      problems.push({ setting, text: result.problem });
    }
  }

  const parsed = envSchema.safeParse(input);
  if (!parsed.success) problems.push(...describeIssues(parsed.error.issues, input));
  if (parsed.success && parsed.data.NOTIFICATION_CLAIM_TTL_MS <= parsed.data.NOTIFICATION_SEND_TIMEOUT_MS) {
    // A claim that runs out during a send lets another node send the same notice meanwhile.
    problems.push({
      setting: 'NOTIFICATION_CLAIM_TTL_MS',
      text: 'NOTIFICATION_CLAIM_TTL_MS: must be longer than NOTIFICATION_SEND_TIMEOUT_MS',
    });
  }
  if (parsed.success && insecureCookiesInProduction(parsed.data)) {
    problems.push({
      setting: 'PUBLIC_URL',
      text:
        'PUBLIC_URL: must be an https:// URL in production, so that session cookies are Secure ' +
        '(or set HTTP_ALLOW_INSECURE_COOKIES=true to run cookie sessions over plain http)',
    });
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(inSettingOrder(problems));

  return toConfig(parsed.data, secretSources);
}

function toConfig(settings: EnvSettings, secretSources: Config['secretSources']): Config {
  return {
    nodeEnv: settings.NODE_ENV,
    nodeId: settings.NODE_ID ?? `${hostname()}-${process.pid}`,
    roles: settings.ROLES,
    dataDir: settings.DATA_DIR,
    http: {
      host: settings.HOST,
      port: settings.PORT,
      publicUrl: settings.PUBLIC_URL,
      trustProxy: settings.HTTP_TRUST_PROXY ?? [],
      allowInsecureCookies: settings.HTTP_ALLOW_INSECURE_COOKIES,
      rateLimitPerIpPerMinute: settings.API_RATE_LIMIT_PER_IP_PER_MINUTE,
      rateLimitPerUserPerMinute: settings.API_RATE_LIMIT_PER_USER_PER_MINUTE,
      readyMaxProjectionLag: settings.READY_MAX_PROJECTION_LAG,
    },
    database: {
      url: settings.DATABASE_URL,
      embeddedPort: settings.EMBEDDED_PG_PORT,
      poolMax: settings.DB_POOL_MAX,
      idleInTransactionTimeoutMs: settings.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    projections: { leaseTtlMs: settings.PROJECTION_LEASE_TTL_MS, batchSize: settings.PROJECTION_BATCH_SIZE },
    idempotency: { retentionDays: settings.IDEMPOTENCY_KEY_RETENTION_DAYS },
    redis: { url: settings.REDIS_URL, keyPrefix: settings.REDIS_KEY_PREFIX },
    log: { level: settings.LOG_LEVEL, pretty: settings.LOG_PRETTY },
    auth: { jwtSecret: settings.AUTH_JWT_SECRET, initialAdminPassword: settings.INITIAL_ADMIN_PASSWORD },
    telegram: {
      botToken: settings.TELEGRAM_BOT_TOKEN,
      adminIds: settings.TELEGRAM_ADMIN_IDS ?? [],
      apiRoot: settings.TELEGRAM_API_ROOT,
      webhookUrl: settings.TELEGRAM_WEBHOOK_URL,
      webhookSecret: settings.TELEGRAM_WEBHOOK_SECRET,
      pollingLeaseTtlMs: settings.TELEGRAM_POLLING_LEASE_TTL_MS,
      userRateLimitPerMinute: settings.TELEGRAM_USER_RATE_LIMIT_PER_MINUTE,
      inboxMaxAttempts: settings.TELEGRAM_INBOX_MAX_ATTEMPTS,
      inboxRetryBaseMs: settings.TELEGRAM_INBOX_RETRY_BASE_MS,
      inboxConcurrency: settings.TELEGRAM_INBOX_CONCURRENCY,
    },
    notifications: {
      sendTimeoutMs: settings.NOTIFICATION_SEND_TIMEOUT_MS,
      claimTtlMs: settings.NOTIFICATION_CLAIM_TTL_MS,
      retentionDays: settings.NOTIFICATION_RETENTION_DAYS,
    },
    personalData: { masterKey: settings.PERSONAL_DATA_MASTER_KEY },
    secretSources,
  };
}

/** A production node whose web admin sessions would travel over plain http, not explicitly allowed. */
function insecureCookiesInProduction(settings: EnvSettings): boolean {
  if (settings.NODE_ENV !== 'production' || settings.HTTP_ALLOW_INSECURE_COOKIES) return false;
  return settings.PUBLIC_URL === undefined || new URL(settings.PUBLIC_URL).protocol !== 'https:';
}

function describeIssues(
  issues: readonly core.$ZodIssue[],
  input: Record<string, string | undefined>,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const setting = String(issue.path[0] ?? 'configuration');
    // One problem per variable: a value failing two checks is still one thing to fix.
    if (problems.some((problem) => problem.setting === setting)) continue;
    const shown = isSecret(setting) ? 'value not shown' : `got ${JSON.stringify(input[setting])}`;
    problems.push({ setting, text: `${setting}: ${issue.message} (${shown})` });
  }
  return problems;
}

function inSettingOrder(problems: readonly Problem[]): string[] {
  const rank = (setting: string) => (ENV_SETTINGS as readonly string[]).indexOf(setting);
  return [...problems].sort((a, b) => rank(a.setting) - rank(b.setting)).map((problem) => problem.text);
}

function isSecret(setting: string): boolean {
  return (SECRET_SETTINGS as readonly string[]).includes(setting);
}

function blankAsUnset(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
