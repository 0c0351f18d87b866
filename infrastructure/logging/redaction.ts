/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'password',
  'token',
  'secret',
  'authorization',
  'cookie',
  'databaseUrl',
  'redisUrl',
  'botToken',
] as const;

// The secrets of the config object (`config.database.url`, ...), so that logging it, or `{ config }`, is safe.
const SECRET_PATHS = ['database.url', 'redis.url', 'telegram.botToken'] as const;

/** pino `redact` paths: secret-looking keys at the top level and one level down, and request headers. */
export const REDACT_PATHS: readonly string[] = [
  ...[...SECRET_KEYS, ...SECRET_PATHS].flatMap((path) => [path, `*.${path}`]),
  'req.headers.authorization',
  'req.headers.cookie',
];
