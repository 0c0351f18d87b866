import { type Bot, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Lease, LeaseManager, Logger } from '../../../application/ports/index.ts';
import type { BotContext } from '../bot-context.ts';

export interface LeasePollerOptions {
  readonly bot: Bot<BotContext>;
  readonly leases: LeaseManager;
  /** One lease per bot token: Telegram allows a single poller per token. */
  readonly leaseName: string;
  readonly ttlMs: number;
  readonly logger: Logger;
  /** Stores a batch durably (the inbox); the offset moves past it only once this resolves. */
  readonly receive: (updates: readonly Update[]) => Promise<void>;
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
 * Long polling by one node of the cluster at a time. Every node tries to take the lease; the holder fetches
 * updates and stores each batch in the inbox before asking for the next (which confirms it), and renews the lease
 * every third of its TTL. When a renewal fails (the lease lapsed and may be another's) or Telegram answers
 * 409 (another poller), it stops fetching at once and goes back to trying. When the holder dies, its lease
 * lapses and another node takes over within about the TTL.
 */
export function startLeasePoller(options: LeasePollerOptions): LeasePoller {
  const { bot, leases, leaseName, ttlMs, logger } = options;
  const abort = new AbortController();
  const retryMs = Math.max(100, Math.min(Math.floor(ttlMs / 3), 2000));
  let polling = false;

  // Each batch is stored before the next getUpdates confirms it (its offset): a crash loses nothing.
  const fetchLoop = async (signal: AbortSignal) => {
    let offset = 0;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await bot.api.getUpdates(
          { offset, timeout: options.pollTimeoutSeconds ?? 25, limit: 100 },
          signal as Parameters<typeof bot.api.getUpdates>[1],
        );
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof GrammyError && error.error_code === 409) {
          logger.warn({ err: error }, 'another poller or a webhook: polling stops');
          return;
        }
        logger.warn({ err: error }, 'getUpdates failed: retrying');
        await sleep(retryMs, signal);
        continue;
      }
      const last = updates.at(-1);
      if (!last) continue;
      try {
        await options.receive(updates);
      } catch (error) {
        logger.warn({ err: error }, 'could not store updates in the inbox: fetching them again');
        await sleep(retryMs, signal);
        continue;
      }
      offset = last.update_id + 1;
    }
  };

  const hold = async (lease: Lease) => {
    logger.info({ lease: leaseName }, 'telegram polling lease taken: polling');
    try {
      // A webhook left by webhook mode makes getUpdates fail with 409.
      await bot.api.deleteWebhook();
    } catch (error) {
      logger.warn({ err: error }, 'could not delete the webhook before polling');
    }
    const stopFetching = new AbortController();
    polling = true;
    let ended = false;
    const task = fetchLoop(stopFetching.signal).then(
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
    polling = false;
    stopFetching.abort();
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
    isPolling: () => polling,
    async stop() {
      abort.abort();
      await running;
    },
  };
}
