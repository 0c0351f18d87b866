import { type EventStoreDBClient, type ResolvedEvent, START } from '@eventstore/db-client';
import type { Readable } from 'node:stream';
import {
  type Checkpoint,
  type RecordedEvent,
  type SubscribeOptions,
  UnreadableEventError,
  type Upcaster,
} from '../../application/ports/index.ts';
import { isSystemEvent, positionOf, toRecordedEvent } from './esdb-event-codec.ts';
import { esdbFilterOf } from './esdb-filter.ts';

export interface EsdbSubscriptionSettings {
  readonly upcasters: readonly Upcaster[];
  /** First wait before resubscribing after a drop; doubles up to `maxRetryDelayMs`. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly onDropped?: (error: unknown, resumeFrom: Checkpoint | null) => void;
}

/**
 * A catch-up subscription to `$all` in batches: EventStoreDB's own subscription (catch-up, then live, filtered
 * on the server), read in whatever is buffered up to `batchSize`. A dropped connection resubscribes from the
 * last event yielded, after a growing pause: the consumer sees every matching event once, in order.
 */
export async function* subscribeEsdbBatches(
  client: EventStoreDBClient,
  settings: EsdbSubscriptionSettings,
  from: Checkpoint | null,
  options: SubscribeOptions = {},
): AsyncGenerator<RecordedEvent[]> {
  const { signal, batchSize = 500 } = options;
  const { server, matches } = esdbFilterOf(options.filter);
  let checkpoint = from;
  let delay = settings.retryDelayMs;
  while (!signal?.aborted) {
    const subscription = client.subscribeToAll({
      fromPosition: checkpoint ? positionOf(checkpoint) : START,
      filter: server,
    });
    try {
      for await (const resolved of bufferedBatches(subscription, batchSize, signal)) {
        delay = settings.retryDelayMs;
        const batch: RecordedEvent[] = [];
        for (const item of resolved) {
          if (isSystemEvent(item)) continue;
          const event = toRecordedEvent(item, settings.upcasters);
          if (matches(event)) batch.push(event);
        }
        const last = batch.at(-1);
        if (!last) continue;
        yield batch;
        checkpoint = last.checkpoint;
      }
      if (signal?.aborted) return;
      throw new Error('the subscription ended');
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof UnreadableEventError) throw error;
      settings.onDropped?.(error, checkpoint);
      await pause(delay, signal);
      delay = Math.min(delay * 2, settings.maxRetryDelayMs);
    } finally {
      await (subscription as unknown as { unsubscribe(): Promise<void> })
        .unsubscribe()
        .catch(() => undefined);
    }
  }
}

/**
 * What the stream holds right now, up to `size` items, waiting only when it holds nothing: a caught-up
 * subscription yields each live event at once, a catching-up one yields full batches. Ends on `end` or abort;
 * throws the stream's error.
 */
async function* bufferedBatches(
  stream: Readable,
  size: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<ResolvedEvent[]> {
  let failure: { error: unknown } | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onError = (error: unknown) => {
    failure = { error };
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  stream.on('readable', notify);
  stream.on('error', onError);
  stream.on('end', onEnd);
  signal?.addEventListener('abort', notify);
  try {
    for (;;) {
      const batch: ResolvedEvent[] = [];
      while (batch.length < size) {
        const item: unknown = stream.read();
        if (item === null) break;
        batch.push(item as ResolvedEvent);
      }
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended || signal?.aborted) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', notify);
    stream.off('error', onError);
    stream.off('end', onEnd);
    signal?.removeEventListener('abort', notify);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
