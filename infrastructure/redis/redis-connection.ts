import { Redis } from 'ioredis';
import type { Logger } from '../../application/ports/index.ts';
import { redactUrl } from '../logging/index.ts';

/** The few logger methods the connection needs. */
export type RedisLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]`; logged only redacted. */
  readonly url: string;
  /** The client name shown by `CLIENT LIST` (node id and purpose, say). */
  readonly name: string;
  readonly logger?: RedisLogger;
  /**
   * A command without a reply by then fails (default 2000): a hung Redis must not stall lease renewal, and
   * it settles the commands ioredis strands in its queues on some disconnect paths.
   */
  readonly commandTimeoutMs?: number;
}

const MAX_RETRY_DELAY_MS = 2_000;

/** Exponential backoff from 100 ms up to 2 s, with jitter so that restarted nodes do not reconnect in step. */
export function redisRetryDelay(attempt: number): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, 50 * 2 ** Math.min(Math.max(attempt, 1), 6));
  return Math.round(base * (0.8 + 0.2 * Math.random()));
}

/**
 * Opens an ioredis client that connects at once and reconnects forever. While Redis is down, a command waits
 * in the offline queue only until two connection attempts in a row failed (`maxRetriesPerRequest: 1`): callers
 * learn of an outage in seconds instead of hanging. Connection state changes are logged once each.
 */
export function openRedis(options: RedisConnectionOptions): Redis {
  const client = new Redis(options.url, {
    connectionName: options.name,
    lazyConnect: false,
    retryStrategy: redisRetryDelay,
    maxRetriesPerRequest: 1,
    // Kept on: without it, commands issued before the first `ready` or during a brief reconnect fail at
    // once; `maxRetriesPerRequest` already bounds how long they wait.
    enableOfflineQueue: true,
    connectTimeout: 5_000,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
  });
  watchState(client, options);
  return client;
}

function watchState(client: Redis, options: RedisConnectionOptions): void {
  const { logger } = options;
  const fields = { redis: redactUrl(options.url), connectionName: options.name };
  let state: 'connecting' | 'up' | 'down' | 'ended' = 'connecting';
  // A Redis that is down makes ioredis emit an error per reconnect attempt: log the first of each state.
  let errorLogged = false;
  let downSince = 0;
  const enter = (next: typeof state) => {
    state = next;
    errorLogged = false;
  };

  client.on('ready', () => {
    if (state === 'up') return;
    const fromDown = state === 'down';
    enter('up');
    logger?.info(fromDown ? { ...fields, downForMs: Date.now() - downSince } : fields, 'Redis connected');
  });
  // 'reconnecting' rather than 'close': a client closed on purpose closes without reconnecting.
  client.on('reconnecting', () => {
    if (state !== 'up') return;
    enter('down');
    downSince = Date.now();
    logger?.warn(fields, 'Redis connection lost; reconnecting');
  });
  client.on('end', () => {
    enter('ended');
    logger?.info(fields, 'Redis connection closed');
  });
  // Always listened to: an 'error' event without a listener makes ioredis print to the console.
  client.on('error', (error: unknown) => {
    if (errorLogged) return;
    errorLogged = true;
    logger?.error({ ...fields, err: error }, 'Redis connection error');
  });
}

/**
 * Closes the client: `QUIT` when connected, so replies in flight still arrive; a plain disconnect when not
 * connected or when `QUIT` gets no answer within `timeoutMs` (default 1000). Idempotent.
 */
export async function closeRedis(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'reconnecting' || client.status === 'close' || client.status === 'wait') {
    // No socket: disconnect only cancels the pending reconnect. ioredis 6 then never reaches 'end' nor
    // rejects queued commands (redis/ioredis#2169); the command timeout settles those.
    client.disconnect();
    return;
  }
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  if (client.status === 'ready') {
    // A failed QUIT (connection dropped meanwhile) still ends the client: ioredis marks it manually closing.
    client.quit().catch(() => undefined);
    if (await settlesWithin(ended, timeoutMs)) return;
  }
  client.disconnect();
  await settlesWithin(ended, timeoutMs);
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
