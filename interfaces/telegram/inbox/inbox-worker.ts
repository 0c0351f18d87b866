import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Clock, Lease, LeaseManager, Logger } from '../../../application/ports/index.ts';
import type {
  InboxUpdate,
  TelegramInbox,
  TelegramInboxMetrics,
} from '../../../application/telegram/index.ts';
import type { TelegramUpdateFailed } from '../../../domain/telegram/index.ts';
import type { BotContext } from '../bot-context.ts';
import { describeFailure } from './describe-failure.ts';
import type { UpdateDeliveries } from './update-deliveries.ts';

export interface InboxWorkerOptions {
  readonly bot: Bot<BotContext>;
  readonly botId: number;
  readonly inbox: TelegramInbox;
  readonly deliveries: UpdateDeliveries;
  readonly leases: LeaseManager;
  /** One node handles a bot's inbox at a time: it alone keeps each chat's updates in order. */
  readonly leaseName: string;
  readonly leaseTtlMs: number;
  /** Handlings of one update before it is given up on. */
  readonly maxAttempts: number;
  /** Wait before the first retry; doubled for each further one, up to 5 minutes. */
  readonly retryBaseMs: number;
  /** Chats handled at once. */
  readonly concurrency: number;
  /** How often the inbox is looked at when nothing woke the worker (updates stored by another node). */
  readonly idlePollMs?: number;
  readonly recordFailed: (failure: TelegramUpdateFailed['data']) => Promise<void>;
  readonly metrics?: TelegramInboxMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
}

export interface InboxWorker {
  /** Updates were stored: look at the inbox now rather than at the next poll. */
  wake(): void;
  /** True while this node holds the inbox lease. */
  isHandling(): boolean;
  /** Stops taking updates, waits for those in hand, and gives the lease up. */
  stop(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Handles a bot's inbox on one node of the cluster at a time (a lease): of each chat, the oldest pending update,
 * through the bot's middleware (`bot.handleUpdate`), then marks it done. Chats go in parallel, at most
 * `concurrency` at once; one chat's updates strictly one after another. A failed handling leaves the update
 * pending, retried with backoff; after `maxAttempts` it is recorded as failed (audited, counted, logged) and no
 * longer holds up its chat. A crash anywhere leaves the update pending: it is handled again, and its effects
 * are deduped by its idempotency key and its replies by the call journal.
 */
export function startInboxWorker(options: InboxWorkerOptions): InboxWorker {
  const { bot, inbox, logger } = options;
  const abort = new AbortController();
  const idlePollMs = options.idlePollMs ?? 200;
  const renewEveryMs = Math.floor(options.leaseTtlMs / 3);
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let handling = false;

  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || abort.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = done;
      abort.signal.addEventListener('abort', done, { once: true });
    });

  const giveUpOrRetry = async (row: InboxUpdate, error: unknown) => {
    const cause = error instanceof BotError ? error.error : error;
    const described = describeFailure(cause);
    const attempts = row.attempts + 1;
    options.metrics?.handlingFailed();
    if (attempts < options.maxAttempts) {
      const delay = Math.min(options.retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
      const retryAt = new Date(options.clock.now().getTime() + delay);
      await inbox.markFailure({ updateId: row.updateId, error: described, retryAt });
      logger.warn(
        { err: cause, updateId: row.updateId, attempts, retryInMs: delay },
        'telegram update failed: retrying',
      );
      return;
    }
    // Audited before it is marked: a crash between the two records nothing twice (the event is idempotent).
    await options.recordFailed({ botId: options.botId, updateId: row.updateId, attempts, error: described });
    await inbox.markFailure({ updateId: row.updateId, error: described, retryAt: null });
    options.metrics?.gaveUp();
    logger.error(
      { err: cause, updateId: row.updateId, attempts, error: described },
      'telegram update given up on',
    );
  };

  const handle = async (row: InboxUpdate) => {
    try {
      const update = JSON.parse(row.raw) as Update;
      const journal = await inbox.journal(row.updateId);
      options.deliveries.attach(update, {
        attempts: row.attempts,
        lastAttempt: row.attempts + 1 >= options.maxAttempts,
        journal,
        record: (call) => inbox.recordCall(row.updateId, call),
      });
      try {
        await bot.handleUpdate(update);
      } catch (error) {
        await giveUpOrRetry(row, error);
        return;
      }
      await inbox.markDone(row.updateId);
    } catch (error) {
      // The inbox itself failed (the database): the update stays pending and is handled again later.
      logger.warn({ err: error, updateId: row.updateId }, 'telegram inbox could not record a handling');
    }
  };

  const hold = async (lease: Lease) => {
    logger.info({ lease: options.leaseName }, 'telegram inbox lease taken: handling updates');
    handling = true;
    const inFlight = new Map<string, Promise<void>>();
    let renewedAt = Date.now();
    while (!abort.signal.aborted) {
      if (Date.now() - renewedAt >= renewEveryMs) {
        if (!(await lease.renew())) {
          logger.warn({ lease: options.leaseName }, 'telegram inbox lease lost: handling stops');
          break;
        }
        renewedAt = Date.now();
      }
      woken = false;
      const free = options.concurrency - inFlight.size;
      if (free > 0) {
        try {
          if (!bot.isInited()) await bot.init();
          for (const row of await inbox.next(free, [...inFlight.keys()])) {
            const task = handle(row).finally(() => {
              inFlight.delete(row.chatKey);
              wake();
            });
            inFlight.set(row.chatKey, task);
          }
        } catch (error) {
          logger.warn({ err: error }, 'telegram inbox could not be read');
        }
      }
      await nap(Math.min(idlePollMs, renewEveryMs));
    }
    await Promise.all(inFlight.values());
    handling = false;
    await lease.release();
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      let lease: Lease | null = null;
      try {
        lease = await options.leases.tryAcquire(options.leaseName, options.leaseTtlMs);
      } catch (error) {
        logger.warn({ err: error }, 'could not ask for the telegram inbox lease');
      }
      if (lease) {
        try {
          await hold(lease);
        } catch (error) {
          handling = false;
          logger.error({ err: error }, 'telegram inbox handling failed');
          await lease.release().catch(() => undefined);
        }
      }
      woken = false;
      await nap(Math.max(100, Math.min(renewEveryMs, 2000)));
    }
  };
  const running = loop();

  return {
    wake,
    isHandling: () => handling,
    async stop() {
      abort.abort();
      await running;
    },
  };
}
