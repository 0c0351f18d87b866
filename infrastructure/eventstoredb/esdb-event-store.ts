import { randomUUID } from 'node:crypto';
import { type EventStoreDBClient, WrongExpectedVersionError } from '@eventstore/db-client';
import type pg from 'pg';
import {
  type AppendFence,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  FencedAppendError,
  type NewEvent,
  type RecordedEvent,
  type Upcaster,
  WrongExpectedRevisionError,
} from '../../application/ports/index.ts';
import type { Event } from '../../domain/shared/index.ts';
import { deriveEventId } from '../event-store/derived-event-id.ts';
import { inTransaction } from '../projections/in-transaction.ts';
import { makeEsdbAppendMany } from './esdb-append-many.ts';
import { expectedRevisionOf, toEventData } from './esdb-event-codec.ts';
import { makeEsdbIdempotencyKeys } from './esdb-idempotency-keys.ts';
import { esdbHeadCheckpoint, readEsdbAll, readEsdbStream } from './esdb-reads.ts';
import { type EsdbSubscriptionSettings, subscribeEsdbBatches } from './esdb-subscription.ts';

export interface EsdbEventStoreOptions {
  readonly client: EventStoreDBClient;
  /** The PostgreSQL of the read models: idempotency keys (`es.idempotency_keys`) and append fences. */
  readonly pool: pg.Pool;
  readonly upcasters?: readonly Upcaster[];
  /** How far back in a stream a keyed append looks for its own events (an earlier try cut off). */
  readonly keyLookback?: number;
  readonly subscription?: Partial<Omit<EsdbSubscriptionSettings, 'upcasters'>>;
}

export interface EsdbEventStore extends EventStore {
  readonly kind: 'eventstoredb';
  close(): Promise<void>;
}

/**
 * The event store on EventStoreDB (KurrentDB) 23.10 or later. What it promises beside the PostgreSQL store is
 * in the port's contract (`application/ports/event-store.ts`): per-stream atomicity only, idempotency keys in
 * PostgreSQL, `$all` positions as checkpoints.
 */
export function createEsdbEventStore(options: EsdbEventStoreOptions): EsdbEventStore {
  const { client, pool, upcasters = [], keyLookback = 100 } = options;
  const keys = makeEsdbIdempotencyKeys(pool);
  const settings: EsdbSubscriptionSettings = {
    upcasters,
    retryDelayMs: options.subscription?.retryDelayMs ?? 200,
    maxRetryDelayMs: options.subscription?.maxRetryDelayMs ?? 5000,
    ...(options.subscription?.onDropped ? { onDropped: options.subscription.onDropped } : {}),
  };

  const readStream = <E extends Event = Event>(
    streamId: string,
    readOptions?: Parameters<EventStore['readStream']>[1],
  ) => readEsdbStream(client, upcasters, streamId, readOptions) as Promise<RecordedEvent<E>[]>;

  /** The append's result, read back from the stream: the last event's own place in `$all`. */
  const resultAt = async (streamId: string, revision: number, duplicate: boolean): Promise<AppendResult> => {
    const [last] = await readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!last) throw new Error(`Stream "${streamId}" has no revision ${revision} right after appending it`);
    return {
      nextExpectedRevision: revision,
      position: last.position,
      checkpoint: last.checkpoint,
      duplicate,
    };
  };

  /**
   * The events of a keyed append already in the stream: an earlier try that EventStoreDB wrote but whose
   * answer (and key) was lost with the connection. Found by the derived id of its last event.
   */
  const writtenBefore = async (streamId: string, lastId: string): Promise<AppendResult | null> => {
    const recent = await readStream(streamId, { direction: 'backwards', maxCount: keyLookback });
    const found = recent.find((event) => event.eventId === lastId);
    return found
      ? {
          nextExpectedRevision: found.revision,
          position: found.position,
          checkpoint: found.checkpoint,
          duplicate: true,
        }
      : null;
  };

  const write = async (
    streamId: string,
    events: readonly NewEvent[],
    ids: readonly string[],
    expectedRevision: ExpectedRevision,
  ): Promise<number> => {
    try {
      const result = await client.appendToStream(
        streamId,
        events.map((event, i) => toEventData(event, ids[i] ?? randomUUID())),
        { expectedRevision: expectedRevisionOf(expectedRevision) },
      );
      return Number(result.nextExpectedRevision);
    } catch (error) {
      throw conflictOf(error, streamId, expectedRevision) ?? error;
    }
  };

  const append = async (
    streamId: string,
    events: readonly NewEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> => {
    if (events.length === 0) throw new RangeError(`Nothing to append to stream "${streamId}"`);
    const { expectedRevision = 'any', idempotencyKey: key, fence } = appendOptions;
    if (key !== undefined) {
      const previous = await keys.find(key);
      if (previous) return previous;
    }
    const ids = events.map(
      (event, i) => event.eventId ?? (key === undefined ? randomUUID() : deriveEventId(key, i)),
    );
    if (key !== undefined) {
      // Not recorded as the key's append: the writer may still be about to record it, and the first to
      // record a key is the one answered as the command's write (`duplicate: false`).
      const earlier = await writtenBefore(streamId, ids.at(-1) ?? '');
      if (earlier) return earlier;
    }
    const revision =
      fence === undefined
        ? await write(streamId, events, ids, expectedRevision)
        : await fencedWrite(pool, fence, streamId, () => write(streamId, events, ids, expectedRevision));
    const result = await resultAt(streamId, revision, false);
    return key === undefined ? result : keys.record(key, streamId, result);
  };

  return {
    kind: 'eventstoredb',
    append,
    appendMany: makeEsdbAppendMany({ readStream, write, resultAt }),
    readStream,
    readAll: (from, readOptions) => readEsdbAll(client, upcasters, from, readOptions),
    subscribeBatches: (from, subscribeOptions) =>
      subscribeEsdbBatches(client, settings, from, subscribeOptions),
    async *subscribe(from, subscribeOptions = {}) {
      for await (const batch of subscribeEsdbBatches(client, settings, from, subscribeOptions)) {
        for (const event of batch) {
          if (subscribeOptions.signal?.aborted) return;
          yield event;
        }
      }
    },
    findAppend: (key) => keys.find(key),
    headCheckpoint: () => esdbHeadCheckpoint(client),
    close: () => client.dispose(),
  };
}

/**
 * The append while the monitoring partition's row is share-locked at the fence's epoch (as on PostgreSQL: a
 * claim, which bumps the epoch, waits for it; an epoch bumped already writes nothing). The lock is held
 * across the EventStoreDB call; the write itself is not in the transaction, which no store spans.
 */
async function fencedWrite(
  pool: pg.Pool,
  fence: AppendFence,
  streamId: string,
  write: () => Promise<number>,
): Promise<number> {
  const revision = await inTransaction(pool, async (client) => {
    const held = await client.query(
      'select 1 from monitoring.scheduler_partitions where partition = $1 and epoch = $2 for share',
      [fence.partition, fence.epoch],
    );
    return held.rowCount === 1 ? write() : null;
  });
  if (revision === null) throw new FencedAppendError(streamId, fence);
  return revision;
}

export function conflictOf(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError | null {
  if (!(error instanceof WrongExpectedVersionError)) return null;
  const actual = error.actualVersion;
  return new WrongExpectedRevisionError(
    streamId,
    expected,
    typeof actual === 'bigint' && actual >= 0n ? Number(actual) : 'no_stream',
  );
}
