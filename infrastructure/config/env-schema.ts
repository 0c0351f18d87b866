import { isIP } from 'node:net';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isKnownTimeZone } from '../otrs/otrs-local-time.ts';
import { parseMasterKey } from '../personal-data/master-key.ts';
import { LOG_LEVELS, NODE_ENVS, ROLES, type Role } from './config.ts';

// Messages are the text after "VARIABLE: "; load-config adds the name and the offending value.

function integer(min: number, max: number) {
  const error = `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d+$/, { error })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

function url(protocols: readonly string[]) {
  const names = protocols.map((protocol) => `${protocol}//`).join(' or ');
  return z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
    error: `must be a ${names} URL`,
  });
}

const boolean = z.stringbool({
  truthy: ['true', '1', 'yes'],
  falsy: ['false', '0', 'no'],
  error: 'must be a boolean (true/false, 1/0, yes/no)',
});

/** An address (`10.0.0.5`, `::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrBlock(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const addressList = z
  .string()
  .transform((value) => [...new Set(value.split(',').map((item) => item.trim()))])
  .refine((items) => items.every(isAddressOrBlock), {
    error: 'must be a comma-separated list of IP addresses or CIDR blocks (10.0.0.0/8, ::1)',
  });

const rolesPattern = new RegExp(`^\\s*(${ROLES.join('|')})\\s*(,\\s*(${ROLES.join('|')})\\s*)*$`, 'i');

const roles = z
  .string()
  .regex(rolesPattern, { error: `must be a comma-separated list of ${ROLES.join(', ')}` })
  .transform((value) =>
    [...new Set(value.split(',').map((role) => role.trim().toLowerCase()))].filter(isRole),
  );

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The environment variables TBot reads, blank values already removed. Defaults are the documented ones. */
export const envSchema = z.object({
  NODE_ENV: oneOf(NODE_ENVS).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: integer(1, 65535).default(8080),
  // The address browsers use (https://tbot.example.com): https makes the session cookies Secure and sends HSTS.
  PUBLIC_URL: url(['http:', 'https:'])
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  // Peers whose X-Forwarded-For/-Proto/-Host are believed (a TLS-terminating proxy); unset: none.
  HTTP_TRUST_PROXY: addressList.optional(),
  // Production refuses cookie sessions over plain http (PUBLIC_URL not https) unless this says so.
  HTTP_ALLOW_INSECURE_COOKIES: boolean.default(false),
  API_RATE_LIMIT_PER_IP_PER_MINUTE: integer(1, 1000000).default(300),
  API_RATE_LIMIT_PER_USER_PER_MINUTE: integer(1, 1000000).default(300),
  READY_MAX_PROJECTION_LAG: integer(1, 1000000000).default(10000),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_PG_PORT: integer(0, 65535).default(0),
  DB_POOL_MAX: integer(1, 1000).default(10),
  // PostgreSQL's own limit; 0 (disabled) is refused: a stuck transaction would hold locks forever.
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: integer(1, 2147483647).default(30000),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,100}$/, { error: 'must be 1 to 100 letters, digits, or _ : . -' })
    .default('tbot:'),
  NODE_ID: z
    .string()
    .regex(/^\S{1,200}$/, { error: 'must be 1 to 200 characters without spaces' })
    .optional(),
  ROLES: roles.default([...ROLES]),
  PROJECTION_LEASE_TTL_MS: integer(500, 600000).default(10000),
  PROJECTION_BATCH_SIZE: integer(1, 100000).default(500),
  // How long an Idempotency-Key stays bound to its first request; then it expires and names a new command.
  IDEMPOTENCY_KEY_RETENTION_DAYS: integer(1, 3650).default(30),
  LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
  LOG_PRETTY: boolean.default(false),
  // BotFather's form, checked before anything starts (a bad token would fail only at the bot's first call).
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d{1,20}:[\w-]{1,200}$/, { error: 'must be a bot token as BotFather gives it (digits:letters)' })
    .optional(),
  // Telegram user ids, comma-separated: admins of the bot from their first contact.
  TELEGRAM_ADMIN_IDS: z
    .string()
    .regex(/^\s*\d{1,15}\s*(,\s*\d{1,15}\s*)*$/, {
      error: 'must be a comma-separated list of Telegram user ids',
    })
    .transform((value) => [...new Set(value.split(',').map((id) => Number(id.trim())))])
    .optional(),
  // Another Bot API server (a self-hosted telegram-bot-api, a test emulator); grammY wants no trailing slash.
  TELEGRAM_API_ROOT: url(['http:', 'https:'])
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  TELEGRAM_WEBHOOK_URL: url(['http:', 'https:']).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[\w-]{1,256}$/, { error: 'must be 1 to 256 letters, digits, _ or -' })
    .optional(),
  TELEGRAM_POLLING_LEASE_TTL_MS: integer(1000, 600000).default(10000),
  TELEGRAM_USER_RATE_LIMIT_PER_MINUTE: integer(1, 10000).default(30),
  TELEGRAM_INBOX_MAX_ATTEMPTS: integer(1, 100).default(5),
  TELEGRAM_INBOX_RETRY_BASE_MS: integer(10, 600000).default(1000),
  TELEGRAM_INBOX_CONCURRENCY: integer(1, 1000).default(16),
  // The notification sender (outbox of the reactors); the claim must outlast a send, checked below.
  NOTIFICATION_SEND_TIMEOUT_MS: integer(500, 600000).default(30000),
  NOTIFICATION_CLAIM_TTL_MS: integer(1000, 3600000).default(120000),
  NOTIFICATION_RETENTION_DAYS: integer(1, 3650).default(30),
  AUTH_JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  INITIAL_ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).optional(),
  // Checked here, before anything is opened (the value is never shown); required with DATABASE_URL (setting-rules).
  PERSONAL_DATA_MASTER_KEY: z
    .string()
    .refine((value) => parseMasterKey(value) !== null, {
      error: 'must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    })
    .optional(),
  // The OTRS root (https://otrs.example.com/otrs); unset: the OTRS feature is off. Checked with the others in setting-rules.
  OTRS_BASE_URL: url(['http:', 'https:'])
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  OTRS_WEBSERVICE: z
    .string()
    .regex(/^[\w.-]{1,100}$/, { error: 'must be 1 to 100 letters, digits, or _ . -' })
    .default('GenericTicketConnectorREST'),
  // OTRS writes its times as its server's wall clock with no zone: this says which zone that is.
  OTRS_TIMEZONE: z
    .string()
    .refine(isKnownTimeZone, { error: 'must be an IANA time zone (Europe/Moscow, UTC)' })
    .default('UTC'),
  OTRS_POLL_INTERVAL_MS: integer(1000, 3600000).default(30000),
  OTRS_REQUEST_TIMEOUT_MS: integer(500, 120000).default(10000),
  // Checked here so that a typo fails at start, not at the first call to OTRS.
  OTRS_CA_FILE: z
    .string()
    .refine((path) => existsSync(path), { error: 'no such file' })
    .optional(),
  OTRS_TLS_INSECURE: boolean.default(false),
  OTRS_SERVICE_USER: z
    .string()
    .regex(/^[^\p{Cc}]{1,200}$/u, { error: 'must be 1 to 200 characters without control characters' })
    .optional(),
  OTRS_SERVICE_PASSWORD: z.string().max(1000, { error: 'must be at most 1000 characters' }).optional(),
  OTRS_WEBHOOK_SECRET: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, { error: 'must be 16 to 256 printable ASCII characters without spaces' })
    .optional(), // Where OTRS's Invoker may call the webhook from (the client address, X-Forwarded-For of HTTP_TRUST_PROXY
  // believed); unset: this host only (127.0.0.1, ::1).
  OTRS_WEBHOOK_ALLOW_FROM: addressList.optional(),
});

export type EnvSettings = z.output<typeof envSchema>;

/** Every environment variable TBot reads (secrets may also come from `NAME_FILE` or the keyring). */
export const ENV_SETTINGS = Object.keys(envSchema.shape) as readonly (keyof EnvSettings)[];
