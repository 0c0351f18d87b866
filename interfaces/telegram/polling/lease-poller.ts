import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Lease, LeaseManager, Logger } from '../../../application/ports/index.ts';
import type { BotContext } from '../bot-context.ts';

export interface LeasePollerOptions {
  readonly bot: Bot<BotContext>;
  readonly leases: LeaseManager;
  /** One lease per bot token: Telegram allows a single poller per token. */
  readonly leaseName: string;
  readonly ttlMs: number;
  readonly logger: Logger;
  /** Updates handled at once; handlers await I/O, so this bounds the work in flight, not a thread count. */
  readonly concurrency?: number;
  /** Seconds a getUpdates call waits for updates (Telegram allows up to 50). */
  readonly pollTimeoutSeconds?: number;
}

export interface LeasePoller {
  /** True while this node holds the lease and its runner is fetching updates. */
  isPolling(): boolean;
  /** Stops polling, waits for the updates in hand, and gives the lease up for another node. */
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/**
 * Long polling by one node of the cluster at a time. Every node tries to take the lease; the holder runs
 * @grammyjs/runner (updates handled concurrently, so a slow one never holds up the rest) and renews the lease
 * every third of its TTL. When a renewal fails (the lease lapsed and may be another's) or Telegram answers
 * 409 (another poller), it stops fetching at once and goes back to trying. When the holder dies, its lease
 * lapses and another node takes over within about the TTL.
 */
export function startLeasePoller(options: LeasePollerOptions): LeasePoller {
  const { bot, leases, leaseName, ttlMs, logger } = options;
  const abort = new AbortController();
  const retryMs = Math.max(100, Math.min(Math.floor(ttlMs / 3), 2000));
  let runner: RunnerHandle | null = null;

  const hold = async (lease: Lease) => {
    logger.info({ lease: leaseName }, 'telegram polling lease taken: polling');
    try {
      // A webhook left by webhook mode makes getUpdates fail with 409.
      await bot.api.deleteWebhook();
    } catch (error) {
      logger.warn({ err: error }, 'could not delete the webhook before polling');
    }
    const handle = run(bot, {
      runner: { silent: true, fetch: { timeout: options.pollTimeoutSeconds ?? 25 } },
      sink: { concurrency: options.concurrency ?? 200 },
    });
    runner = handle;
    let ended = false;
    const task = (handle.task() ?? Promise.resolve()).then(
      () => undefined,
      (error: unknown) => logger.warn({ err: error }, 'telegram polling stopped by an error'),
    );
    void task.then(() => (ended = true));
    while (!abort.signal.aborted && !ended) {
      await Promise.race([sleep(Math.floor(ttlMs / 3), abort.signal), task]);
      if (abort.signal.aborted || ended) break;
      if (!(await lease.renew())) {
        logger.warn({ lease: leaseName }, 'telegram polling lease lost: polling stops');
        break;
      }
    }
    runner = null;
    if (handle.isRunning()) await handle.stop();
    await task;
    await lease.release();
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      let lease: Lease | null = null;
      try {
        lease = await leases.tryAcquire(leaseName, ttlMs);
      } catch (error) {
        logger.warn({ err: error }, 'could not ask for the telegram polling lease');
      }
      if (lease) {
        try {
          await hold(lease);
        } catch (error) {
          logger.error({ err: error }, 'telegram polling failed');
          await lease.release();
        }
      }
      await sleep(retryMs, abort.signal);
    }
  };
  const running = loop();

  return {
    isPolling: () => runner?.isRunning() ?? false,
    async stop() {
      abort.abort();
      await running;
    },
  };
}
