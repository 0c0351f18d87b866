import type { SecretOrigin } from '../secrets/index.ts';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const ROLES = ['api', 'bot', 'workers'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Settings that may hold a password, so they come through the secret sources and never reach a message. */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'AUTH_JWT_SECRET',
  'INITIAL_ADMIN_PASSWORD',
  'PERSONAL_DATA_MASTER_KEY',
  'OTRS_SERVICE_USER',
  'OTRS_SERVICE_PASSWORD',
  'OTRS_WEBHOOK_SECRET',
] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
/** A duty a node takes on; `--roles api,bot,workers` splits them across nodes. */
export type Role = (typeof ROLES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

/** TBot's validated settings, read once at start (`loadConfig`). Every variable is listed in `.env.example`. */
export interface Config {
  readonly nodeEnv: NodeEnv;
  /** Names this node in leases, logs and metrics; defaults to `<hostname>-<pid>`. */
  readonly nodeId: string;
  /** Without duplicates, in the order given. */
  readonly roles: readonly Role[];
  readonly dataDir: string;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Where browsers reach TBot; an `https:` URL makes the session cookies `Secure` and sends HSTS. */
    readonly publicUrl: string | undefined;
    /** Addresses or CIDR blocks of the proxies whose `X-Forwarded-*` headers are believed; empty: none. */
    readonly trustProxy: readonly string[];
    /** Production starts with cookie sessions over plain http only when this is set. */
    readonly allowInsecureCookies: boolean;
    /** Requests per minute the API allows a client address, and an authenticated user. */
    readonly rateLimitPerIpPerMinute: number;
    readonly rateLimitPerUserPerMinute: number;
    /** `/ready` fails while a projection is this many events behind the log. */
    readonly readyMaxProjectionLag: number;
  };
  readonly database: {
    /** An external server; `undefined` runs the embedded PostgreSQL under `dataDir`. */
    readonly url: string | undefined;
    /** The embedded server's port; 0 picks a free one. */
    readonly embeddedPort: number;
    readonly poolMax: number;
    readonly idleInTransactionTimeoutMs: number;
  };
  readonly projections: {
    /** A dead owner's projections are taken over within about this long. */
    readonly leaseTtlMs: number;
    readonly batchSize: number;
  };
  readonly idempotency: {
    /** Days an idempotency key (HTTP or Telegram) is kept; a key used again after that is a new command. */
    readonly retentionDays: number;
  };
  /** `url` undefined: leases and rate limits stay in process. */
  readonly redis: {
    readonly url: string | undefined;
    /** Starts every key TBot writes, so that several deployments can share one Redis. */
    readonly keyPrefix: string;
  };
  readonly log: { readonly level: LogLevel; readonly pretty: boolean };
  readonly auth: {
    /** HS256 key of access tokens, shared by every node; required in production. */
    readonly jwtSecret: string | undefined;
    /** On a first start with no user, the password of the user `admin` it creates. */
    readonly initialAdminPassword: string | undefined;
  };
  /** `botToken` undefined: the bot does not start. */
  readonly telegram: {
    readonly botToken: string | undefined;
    /** Telegram user ids who are admins of the bot from their first contact. */
    readonly adminIds: readonly number[];
    /** Another Bot API server, without a trailing slash; `undefined`: api.telegram.org. */
    readonly apiRoot: string | undefined;
    /** Set: webhook mode on every node (Telegram posts to this URL); unset: long polling under a lease. */
    readonly webhookUrl: string | undefined;
    /** Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; required with `webhookUrl`. */
    readonly webhookSecret: string | undefined;
    /** A dead poller's node is replaced within about this long. */
    readonly pollingLeaseTtlMs: number;
    /** Updates a user may send per minute before the bot answers "wait". */
    readonly userRateLimitPerMinute: number;
    /** Handlings of one update before it is recorded as failed and no longer holds up its chat. */
    readonly inboxMaxAttempts: number;
    /** Wait before an update's first retry, doubled for each further one (at most 5 minutes). */
    readonly inboxRetryBaseMs: number;
    /** Chats whose updates are handled at once. */
    readonly inboxConcurrency: number;
  };
  /** The notification sender, on nodes with a bot token. */
  readonly notifications: {
    /** One send at most, the client's throttle and its 429/5xx retries included. */
    readonly sendTimeoutMs: number;
    /** A claimed row is one node's this long: longer than a send, or two nodes could send it. */
    readonly claimTtlMs: number;
    /** Sent and undeliverable rows are kept this long (their dedupe keys with them), then pruned. */
    readonly retentionDays: number;
  };
  /** The OTRS helpdesk; `undefined` (no `OTRS_BASE_URL`): the OTRS feature is off. */
  readonly otrs: OtrsConfig | undefined;
  /** The master key of personal data; `undefined` generates one under `dataDir` (embedded mode only). */
  readonly personalData: { readonly masterKey: string | undefined };
  /** Where each secret came from, for the start log. */
  readonly secretSources: Readonly<Record<SecretSetting, SecretOrigin>>;
}

/** How TBot reaches OTRS's GenericInterface web service. */
export interface OtrsConfig {
  /** The OTRS root without a trailing slash; the client appends `/nph-genericinterface.pl/Webservice/<name>`. */
  readonly baseUrl: string;
  readonly webservice: string;
  /** The zone of OTRS's wall-clock times (its `OTRSTimeZone`). */
  readonly timeZone: string;
  /** Between two TicketSearch rounds of the feed's poller. */
  readonly pollIntervalMs: number;
  /** One request to OTRS, its answer included. */
  readonly requestTimeoutMs: number;
  readonly tls: { readonly caFile: string | undefined; readonly insecure: boolean };
  /** The agent the feed reads tickets as; `undefined`: no poller. */
  readonly serviceAgent: { readonly login: string; readonly password: string } | undefined;
  /** What OTRS's Invoker sends to the webhook; `undefined`: no webhook. */
  readonly webhookSecret: string | undefined;
  /** The addresses and CIDR blocks the webhook is called from; empty: loopback only. */
  readonly webhookAllowFrom: readonly string[];
}
