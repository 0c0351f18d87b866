import { hostname } from 'node:os';
import test from 'ava';
import { ConfigError, loadConfig } from '../../../infrastructure/config/index.ts';
import { createSecretSource, type KeyringLookup } from '../../../infrastructure/secrets/index.ts';

const noKeyring = createSecretSource({ keyring: () => null });
const MASTER_KEY = 'ab'.repeat(32);

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test('uses the documented defaults when nothing is set', (t) => {
  t.deepEqual(loadConfig({}, noKeyring), {
    nodeEnv: 'development',
    nodeId: `${hostname()}-${process.pid}`,
    roles: ['api', 'bot', 'workers'],
    dataDir: './data',
    http: {
      host: '0.0.0.0',
      port: 8080,
      publicUrl: undefined,
      trustProxy: [],
      allowInsecureCookies: false,
      rateLimitPerIpPerMinute: 300,
      rateLimitPerUserPerMinute: 300,
      readyMaxProjectionLag: 10000,
    },
    database: { url: undefined, embeddedPort: 0, poolMax: 10, idleInTransactionTimeoutMs: 30000 },
    projections: { leaseTtlMs: 10000, batchSize: 500 },
    idempotency: { retentionDays: 30 },
    redis: { url: undefined, keyPrefix: 'tbot:' },
    log: { level: 'info', pretty: false },
    auth: { jwtSecret: undefined, initialAdminPassword: undefined },
    telegram: {
      botToken: undefined,
      adminIds: [],
      apiRoot: undefined,
      webhookUrl: undefined,
      webhookSecret: undefined,
      pollingLeaseTtlMs: 10000,
      inboxMaxAttempts: 5,
      inboxRetryBaseMs: 1000,
      inboxConcurrency: 16,
      userRateLimitPerMinute: 30,
    },
    notifications: { sendTimeoutMs: 30000, claimTtlMs: 120000, retentionDays: 30 },
    otrs: undefined,
    personalData: { masterKey: undefined },
    secretSources: {
      DATABASE_URL: 'absent',
      REDIS_URL: 'absent',
      TELEGRAM_BOT_TOKEN: 'absent',
      TELEGRAM_WEBHOOK_SECRET: 'absent',
      AUTH_JWT_SECRET: 'absent',
      INITIAL_ADMIN_PASSWORD: 'absent',
      PERSONAL_DATA_MASTER_KEY: 'absent',
      OTRS_SERVICE_USER: 'absent',
      OTRS_SERVICE_PASSWORD: 'absent',
      OTRS_WEBHOOK_SECRET: 'absent',
    },
  });
});

test('reads every setting from the environment', (t) => {
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '9090',
      PUBLIC_URL: 'https://tbot.example.com/',
      HTTP_TRUST_PROXY: '10.0.0.0/8, ::1',
      HTTP_ALLOW_INSECURE_COOKIES: 'no',
      API_RATE_LIMIT_PER_IP_PER_MINUTE: '600',
      API_RATE_LIMIT_PER_USER_PER_MINUTE: '120',
      READY_MAX_PROJECTION_LAG: '500',
      DATABASE_URL: 'postgresql://tbot:pw@db.local:5433/tbot',
      DATA_DIR: '/var/lib/tbot',
      EMBEDDED_PG_PORT: '55432',
      DB_POOL_MAX: '25',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
      REDIS_URL: 'rediss://:pw@cache.local:6380/1',
      REDIS_KEY_PREFIX: 'acme:tbot:',
      NODE_ID: 'node-a',
      ROLES: 'api,workers',
      PROJECTION_LEASE_TTL_MS: '3000',
      PROJECTION_BATCH_SIZE: '1000',
      IDEMPOTENCY_KEY_RETENTION_DAYS: '7',
      LOG_LEVEL: 'debug',
      LOG_PRETTY: 'yes',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_ADMIN_IDS: '111, 222',
      TELEGRAM_API_ROOT: 'http://bot-api.local:8081/',
      TELEGRAM_WEBHOOK_URL: 'https://tbot.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'hook-secret',
      TELEGRAM_POLLING_LEASE_TTL_MS: '5000',
      TELEGRAM_INBOX_MAX_ATTEMPTS: '7',
      TELEGRAM_INBOX_RETRY_BASE_MS: '250',
      TELEGRAM_INBOX_CONCURRENCY: '4',
      TELEGRAM_USER_RATE_LIMIT_PER_MINUTE: '12',
      AUTH_JWT_SECRET: 'a-shared-secret-of-at-least-32-characters',
      INITIAL_ADMIN_PASSWORD: 'correct horse battery',
      PERSONAL_DATA_MASTER_KEY: 'ab'.repeat(32),
      OTRS_BASE_URL: 'https://otrs.example.com/otrs/',
      OTRS_WEBSERVICE: 'TicketConnector',
      OTRS_TIMEZONE: 'Europe/Moscow',
      OTRS_POLL_INTERVAL_MS: '15000',
      OTRS_REQUEST_TIMEOUT_MS: '5000',
      OTRS_TLS_INSECURE: 'true',
      OTRS_SERVICE_USER: 'tbot-feed',
      OTRS_SERVICE_PASSWORD: 'feed-password',
      OTRS_WEBHOOK_SECRET: 'a-webhook-secret-of-16+',
      OTRS_WEBHOOK_ALLOW_FROM: '10.0.0.5, 10.1.0.0/16',
    },
    noKeyring,
  );
  t.deepEqual(config, {
    nodeEnv: 'production',
    nodeId: 'node-a',
    roles: ['api', 'workers'],
    dataDir: '/var/lib/tbot',
    http: {
      host: '127.0.0.1',
      port: 9090,
      publicUrl: 'https://tbot.example.com',
      trustProxy: ['10.0.0.0/8', '::1'],
      allowInsecureCookies: false,
      rateLimitPerIpPerMinute: 600,
      rateLimitPerUserPerMinute: 120,
      readyMaxProjectionLag: 500,
    },
    database: {
      url: 'postgresql://tbot:pw@db.local:5433/tbot',
      embeddedPort: 55432,
      poolMax: 25,
      idleInTransactionTimeoutMs: 5000,
    },
    projections: { leaseTtlMs: 3000, batchSize: 1000 },
    idempotency: { retentionDays: 7 },
    redis: { url: 'rediss://:pw@cache.local:6380/1', keyPrefix: 'acme:tbot:' },
    log: { level: 'debug', pretty: true },
    auth: {
      jwtSecret: 'a-shared-secret-of-at-least-32-characters',
      initialAdminPassword: 'correct horse battery',
    },
    telegram: {
      botToken: '123:abc',
      adminIds: [111, 222],
      apiRoot: 'http://bot-api.local:8081',
      webhookUrl: 'https://tbot.example.com/telegram/webhook',
      webhookSecret: 'hook-secret',
      pollingLeaseTtlMs: 5000,
      userRateLimitPerMinute: 12,
      inboxMaxAttempts: 7,
      inboxRetryBaseMs: 250,
      inboxConcurrency: 4,
    },
    notifications: { sendTimeoutMs: 30000, claimTtlMs: 120000, retentionDays: 30 },
    otrs: {
      baseUrl: 'https://otrs.example.com/otrs',
      webservice: 'TicketConnector',
      timeZone: 'Europe/Moscow',
      pollIntervalMs: 15000,
      requestTimeoutMs: 5000,
      tls: { caFile: undefined, insecure: true },
      serviceAgent: { login: 'tbot-feed', password: 'feed-password' },
      webhookSecret: 'a-webhook-secret-of-16+',
      webhookAllowFrom: ['10.0.0.5', '10.1.0.0/16'],
    },
    personalData: { masterKey: 'ab'.repeat(32) },
    secretSources: {
      DATABASE_URL: 'env',
      REDIS_URL: 'env',
      TELEGRAM_BOT_TOKEN: 'env',
      TELEGRAM_WEBHOOK_SECRET: 'env',
      AUTH_JWT_SECRET: 'env',
      INITIAL_ADMIN_PASSWORD: 'env',
      PERSONAL_DATA_MASTER_KEY: 'env',
      OTRS_SERVICE_USER: 'env',
      OTRS_SERVICE_PASSWORD: 'env',
      OTRS_WEBHOOK_SECRET: 'env',
    },
  });
});

test('names the variable and the bad value in a problem', (t) => {
  const error = configError(() => loadConfig({ PORT: 'abc' }, noKeyring));
  t.deepEqual(error.problems, ['PORT: must be an integer between 1 and 65535 (got "abc")']);
});

test('lists every bad setting in one error', (t) => {
  const error = configError(() =>
    loadConfig(
      {
        NODE_ENV: 'staging',
        PORT: '70000',
        EMBEDDED_PG_PORT: '-1',
        DB_POOL_MAX: '0',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0',
        ROLES: 'api,cron',
        LOG_LEVEL: 'verbose',
        LOG_PRETTY: 'maybe',
        NODE_ID: 'has space',
      },
      noKeyring,
    ),
  );
  t.is(error.name, 'ConfigError');
  t.is(error.code, 'CONFIG.INVALID');
  t.deepEqual(error.problems, [
    'NODE_ENV: must be one of development, production, test (got "staging")',
    'PORT: must be an integer between 1 and 65535 (got "70000")',
    'EMBEDDED_PG_PORT: must be an integer between 0 and 65535 (got "-1")',
    'DB_POOL_MAX: must be an integer between 1 and 1000 (got "0")',
    'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: must be an integer between 1 and 2147483647 (got "0")',
    'NODE_ID: must be 1 to 200 characters without spaces (got "has space")',
    'ROLES: must be a comma-separated list of api, bot, workers (got "api,cron")',
    'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    'LOG_PRETTY: must be a boolean (true/false, 1/0, yes/no) (got "maybe")',
  ]);
  for (const problem of error.problems) t.true(error.message.includes(problem), problem);
});

test('never shows a secret value in an error', (t) => {
  const error = configError(() =>
    loadConfig(
      { DATABASE_URL: 'mysql://root:hunter2@db/tbot', REDIS_URL: 'http://:s3cret@cache', PORT: '0' },
      noKeyring,
    ),
  );
  t.deepEqual(error.problems, [
    'PORT: must be an integer between 1 and 65535 (got "0")',
    'DATABASE_URL: must be a postgres:// or postgresql:// URL (value not shown)',
    'REDIS_URL: must be a redis:// or rediss:// URL (value not shown)',
  ]);
  t.false(error.message.includes('hunter2'));
  t.false(error.message.includes('s3cret'));
});

test('reports secret-source problems with the other problems, in setting order', (t) => {
  const secrets = createSecretSource({
    readFile: () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    },
    keyring: () => null,
  });
  const error = configError(() =>
    loadConfig(
      { TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_BOT_TOKEN_FILE: '/t', DATABASE_URL_FILE: '/db', LOG_LEVEL: 'x' },
      secrets,
    ),
  );
  t.deepEqual(error.problems, [
    'DATABASE_URL_FILE: cannot read "/db" (EACCES)',
    'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "x")',
    'TELEGRAM_BOT_TOKEN: set either TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE, not both',
  ]);
});

test('reports where each secret came from', (t) => {
  const keyring: KeyringLookup = (name) => (name === 'TELEGRAM_BOT_TOKEN' ? '9:kr' : null);
  const secrets = createSecretSource({ readFile: () => 'redis://cache:6379\n', keyring });
  const config = loadConfig(
    {
      DATABASE_URL: 'postgres://db/tbot',
      REDIS_URL_FILE: '/run/secrets/redis',
      PERSONAL_DATA_MASTER_KEY: MASTER_KEY,
    },
    secrets,
  );
  t.deepEqual(config.secretSources, {
    DATABASE_URL: 'env',
    REDIS_URL: 'file',
    TELEGRAM_BOT_TOKEN: 'keyring',
    TELEGRAM_WEBHOOK_SECRET: 'absent',
    AUTH_JWT_SECRET: 'absent',
    INITIAL_ADMIN_PASSWORD: 'absent',
    PERSONAL_DATA_MASTER_KEY: 'env',
    OTRS_SERVICE_USER: 'absent',
    OTRS_SERVICE_PASSWORD: 'absent',
    OTRS_WEBHOOK_SECRET: 'absent',
  });
  t.is(config.redis.url, 'redis://cache:6379');
  t.is(config.telegram.botToken, '9:kr');
});

test('accepts true/false, 1/0 and yes/no for booleans, in any case', (t) => {
  const cases: [string, boolean][] = [
    ['true', true],
    ['1', true],
    ['YES', true],
    ['False', false],
    ['0', false],
    ['no', false],
  ];
  for (const [value, expected] of cases) {
    t.is(loadConfig({ LOG_PRETTY: value }, noKeyring).log.pretty, expected, value);
  }
});

test('treats blank variables as unset and trims the others', (t) => {
  const config = loadConfig({ PORT: '', HOST: '  ', LOG_LEVEL: ' warn ', DATABASE_URL: '' }, noKeyring);
  t.is(config.http.port, 8080);
  t.is(config.http.host, '0.0.0.0');
  t.is(config.log.level, 'warn');
  t.is(config.database.url, undefined);
});

test('reads ROLES without duplicates, spaces or case', (t) => {
  t.deepEqual(loadConfig({ ROLES: ' Workers , api,workers' }, noKeyring).roles, ['workers', 'api']);
  t.deepEqual(loadConfig({ ROLES: 'bot' }, noKeyring).roles, ['bot']);
  t.is(configError(() => loadConfig({ ROLES: ',' }, noKeyring)).problems.length, 1);
});

test('accepts both postgres:// and postgresql:// URLs', (t) => {
  const key = { PERSONAL_DATA_MASTER_KEY: MASTER_KEY };
  t.is(
    loadConfig({ DATABASE_URL: 'postgres://u@h/db', ...key }, noKeyring).database.url,
    'postgres://u@h/db',
  );
  t.is(
    loadConfig({ DATABASE_URL: 'postgresql://u@h/db', ...key }, noKeyring).database.url,
    'postgresql://u@h/db',
  );
});

test('refuses settings that depend on each other before anything is opened, each problem once', (t) => {
  const error = configError(() =>
    loadConfig(
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://tbot:pw@db/tbot',
        TELEGRAM_WEBHOOK_URL: 'https://tbot.example.com/telegram/webhook',
        NOTIFICATION_SEND_TIMEOUT_MS: '60000',
        NOTIFICATION_CLAIM_TTL_MS: '60000',
      },
      noKeyring,
    ),
  );
  t.deepEqual(error.problems, [
    'PUBLIC_URL: must be an https:// URL in production, so that session cookies are Secure ' +
      '(or set HTTP_ALLOW_INSECURE_COOKIES=true to run cookie sessions over plain http)',
    'TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL',
    'NOTIFICATION_CLAIM_TTL_MS: must be longer than NOTIFICATION_SEND_TIMEOUT_MS',
    'AUTH_JWT_SECRET: required in production (32+ random characters, shared by all nodes)',
    'PERSONAL_DATA_MASTER_KEY: required with DATABASE_URL (32 random bytes as 64 hex digits or base64, ' +
      'openssl rand -base64 32; the same on every node; keep a backup: without it personal data in the log ' +
      'cannot be read)',
  ]);
  t.false(error.message.includes('pw@'));
});

test('refuses a malformed master key or bot token without showing it; the embedded mode needs no key', (t) => {
  const error = configError(() =>
    loadConfig({ TELEGRAM_BOT_TOKEN: 'bot 4711', PERSONAL_DATA_MASTER_KEY: 'not-a-key-4711' }, noKeyring),
  );
  t.deepEqual(error.problems, [
    'TELEGRAM_BOT_TOKEN: must be a bot token as BotFather gives it (digits:letters) (value not shown)',
    'PERSONAL_DATA_MASTER_KEY: must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32) (value not shown)',
  ]);
  t.false(error.message.includes('4711'));
  t.is(loadConfig({}, noKeyring).personalData.masterKey, undefined);
  t.is(
    loadConfig({ PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }, noKeyring).nodeEnv,
    'development',
  );
});

test('a secret whose source failed is one problem, not also a missing setting', (t) => {
  const secrets = createSecretSource({
    readFile: () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    },
    keyring: () => null,
  });
  const error = configError(() =>
    loadConfig({ DATABASE_URL: 'postgres://db/tbot', PERSONAL_DATA_MASTER_KEY_FILE: '/run/key' }, secrets),
  );
  t.deepEqual(error.problems, ['PERSONAL_DATA_MASTER_KEY_FILE: cannot read "/run/key" (EACCES)']);
});

test('OTRS: a service user needs its password, and OTRS settings need OTRS_BASE_URL', (t) => {
  const lonely = configError(() => loadConfig({ OTRS_SERVICE_USER: 'feed' }, noKeyring));
  t.deepEqual(lonely.problems, [
    'OTRS_SERVICE_USER: set without OTRS_BASE_URL',
    'OTRS_SERVICE_PASSWORD: required with OTRS_SERVICE_USER',
  ]);
  const base = { OTRS_BASE_URL: 'https://otrs.example.com/otrs' };
  const noUser = configError(() => loadConfig({ ...base, OTRS_SERVICE_PASSWORD: 'pw' }, noKeyring));
  t.deepEqual(noUser.problems, ['OTRS_SERVICE_USER: required with OTRS_SERVICE_PASSWORD']);
  t.is(loadConfig(base, noKeyring).otrs?.serviceAgent, undefined);
});

test('OTRS: a made-up time zone, a missing CA file and a short webhook secret are refused, secrets unshown', (t) => {
  const error = configError(() =>
    loadConfig(
      {
        OTRS_BASE_URL: 'https://otrs.example.com/otrs',
        OTRS_TIMEZONE: 'Mars/Olympus',
        OTRS_CA_FILE: '/no/such/ca.pem',
        OTRS_WEBHOOK_SECRET: 'short-secret',
      },
      noKeyring,
    ),
  );
  t.deepEqual(error.problems, [
    'OTRS_TIMEZONE: must be an IANA time zone (Europe/Moscow, UTC) (got "Mars/Olympus")',
    'OTRS_CA_FILE: no such file (got "/no/such/ca.pem")',
    'OTRS_WEBHOOK_SECRET: must be 16 to 256 printable ASCII characters without spaces (value not shown)',
  ]);
});

test('OTRS: the service password may come from a file, like every secret', (t) => {
  const secrets = createSecretSource({ readFile: () => 'from-a-file\n', keyring: () => null });
  const config = loadConfig(
    {
      OTRS_BASE_URL: 'http://otrs.local/otrs',
      OTRS_SERVICE_USER: 'feed',
      OTRS_SERVICE_PASSWORD_FILE: '/run/secrets/otrs',
    },
    secrets,
  );
  t.deepEqual(config.otrs?.serviceAgent, { login: 'feed', password: 'from-a-file' });
  t.is(config.secretSources.OTRS_SERVICE_PASSWORD, 'file');
  t.is(config.otrs?.webservice, 'GenericTicketConnectorREST');
  t.is(config.otrs?.timeZone, 'UTC');
});
