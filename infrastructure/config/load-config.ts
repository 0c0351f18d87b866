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
import { SETTING_RULES } from './setting-rules.ts';

interface Problem {
  readonly setting: string;
  readonly text: string;
}

/**
 * Reads and validates TBot's settings from `env` (usually `process.env`), taking the secrets through
 * `secrets` (environment, `NAME_FILE`, OS keyring). Blank variables count as unset. Each setting is checked
 * by `envSchema`, settings that depend on each other by `SETTING_RULES`: a command that got a `Config` may
 * touch the database, Redis and files knowing that no setting will be refused later.
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
  // A variable already refused (a secret file unreadable) is one thing to fix, not two.
  const known = (problem: Problem) => problems.some((other) => other.setting === problem.setting);
  if (parsed.success) problems.push(...brokenRules(parsed.data).filter((problem) => !known(problem)));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(inSettingOrder(problems));

  return toConfig(parsed.data, secretSources);
}

function brokenRules(settings: EnvSettings): Problem[] {
  return SETTING_RULES.flatMap((rule) => {
    const text = rule.problem(settings);
    return text === null ? [] : [{ setting: rule.setting, text }];
  });
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
    otrs: otrsConfig(settings),
    personalData: { masterKey: settings.PERSONAL_DATA_MASTER_KEY },
    secretSources,
  };
}

function otrsConfig(settings: EnvSettings): Config['otrs'] {
  if (settings.OTRS_BASE_URL === undefined) return undefined;
  const login = settings.OTRS_SERVICE_USER;
  const password = settings.OTRS_SERVICE_PASSWORD;
  return {
    baseUrl: settings.OTRS_BASE_URL,
    webservice: settings.OTRS_WEBSERVICE,
    timeZone: settings.OTRS_TIMEZONE,
    pollIntervalMs: settings.OTRS_POLL_INTERVAL_MS,
    requestTimeoutMs: settings.OTRS_REQUEST_TIMEOUT_MS,
    tls: { caFile: settings.OTRS_CA_FILE, insecure: settings.OTRS_TLS_INSECURE },
    serviceAgent: login !== undefined && password !== undefined ? { login, password } : undefined,
    webhookSecret: settings.OTRS_WEBHOOK_SECRET,
    webhookAllowFrom: settings.OTRS_WEBHOOK_ALLOW_FROM ?? [],
  };
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
