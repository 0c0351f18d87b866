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
  // An OTRS session id is as good as the agent's password until OTRS ends it.
  'sessionId',
  'SessionID',
  'webhookSecret',
] as const;

// The secrets of the config object (`config.database.url`, ...), so that logging it, or `{ config }`, is safe.
const SECRET_PATHS = [
  'database.url',
  'redis.url',
  'telegram.botToken',
  'otrs.serviceAgent.password',
  'otrs.webhookSecret',
] as const;

/** pino `redact` paths: secret-looking keys at the top level and one level down, and request headers. */
export const REDACT_PATHS: readonly string[] = [
  ...[...SECRET_KEYS, ...SECRET_PATHS].flatMap((path) => [path, `*.${path}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  // What errors carry of the data they failed on: a Bot API call's parameters (a message's text, a user's
  // name), PostgreSQL's `detail`/`where` (the offending row's values). The class, code and message stay.
  'err.payload',
  'err.detail',
  'err.where',
  'err.error.payload',
];
