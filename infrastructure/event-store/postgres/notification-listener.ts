import pg from 'pg';

export interface Wakeup {
  /** Resolves at the next notification (or at once if one came since the last wait), on timeout, or abort. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

export interface NotificationListener {
  wakeup(): Wakeup;
  close(): Promise<void>;
}

interface ListenerOptions {
  readonly url: string;
  readonly channel: string;
  readonly reconnectDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * One LISTEN connection shared by all subscriptions of a store. It reconnects by itself; while it is down,
 * subscribers still progress on their polling timeout, which is why polling remains as the fallback.
 */
export function createNotificationListener(options: ListenerOptions): NotificationListener {
  const wakeups = new Set<{ notified: boolean; resolve: (() => void) | null }>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;

  const notifyAll = () => {
    for (const w of wakeups) {
      w.notified = true;
      w.resolve?.();
    }
  };

  const connect = async (): Promise<void> => {
    while (!closed) {
      const next = new pg.Client({ connectionString: options.url, application_name: 'tbot-listener' });
      try {
        await next.connect();
        next.on('notification', notifyAll);
        next.on('error', (error) => {
          options.onError?.(error);
          if (client === next) client = null;
          void next.end().catch(() => undefined);
          if (!closed) connecting = connect();
        });
        await next.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
        client = next;
        // Anything committed while we were not listening must be looked at.
        notifyAll();
        return;
      } catch (error) {
        options.onError?.(error);
        await next.end().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, options.reconnectDelayMs ?? 1000));
      }
    }
  };

  return {
    wakeup() {
      connecting ??= connect();
      const state = { notified: false, resolve: null as (() => void) | null };
      wakeups.add(state);
      return {
        wait(timeoutMs, signal) {
          if (state.notified || signal?.aborted) {
            state.notified = false;
            return Promise.resolve();
          }
          return new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              signal?.removeEventListener('abort', done);
              state.resolve = null;
              state.notified = false;
              resolve();
            };
            const timer = setTimeout(done, timeoutMs);
            signal?.addEventListener('abort', done, { once: true });
            state.resolve = done;
          });
        },
        close() {
          wakeups.delete(state);
        },
      };
    },
    async close() {
      closed = true;
      notifyAll();
      await connecting?.catch(() => undefined);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
