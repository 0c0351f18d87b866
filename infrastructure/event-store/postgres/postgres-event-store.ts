import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  type AppendFence,
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  type EventFilter,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Upcaster,
  FencedAppendError,
  WrongExpectedRevisionError,
} from '../../../application/ports/index.ts';
import type { Event } from '../../../domain/shared/index.ts';
import { deriveEventId } from '../derived-event-id.ts';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './event-row.ts';
import { makeAppendMany } from './append-many.ts';
import { createAppendNotifier } from './append-notifier.ts';
import { createNotificationListener } from './notification-listener.ts';
import { type ReadHorizon, readHorizon } from './read-horizon.ts';
import { PENDING_RETRY_MS, createHeldBackoff } from './held-backoff.ts';
import { inTransaction } from '../../projections/in-transaction.ts';

export const EVENTS_CHANNEL = 'es_events';

export interface PostgresEventStoreOptions {
  readonly pool: pg.Pool;
  /** Connection string for the LISTEN connection of subscriptions. */
  readonly url: string;
  readonly upcasters?: readonly Upcaster[];
  /** How long a caught-up subscription waits for a notification before it polls anyway. */
  readonly pollIntervalMs?: number;
  readonly onListenerError?: (error: unknown) => void;
}

export interface PostgresEventStore extends EventStore {
  close(): Promise<void>;
}

interface AppendRow {
  outcome: 'appended' | 'duplicate' | 'conflict';
  last_revision: string;
  last_position: string | null;
  transaction_id: string | null;
}

const UNIQUE_VIOLATION = '23505';

/** The default event store: `es.events` in PostgreSQL, read gap-free in (transaction, position) order. */
export function createPostgresEventStore(options: PostgresEventStoreOptions): PostgresEventStore {
  const { pool, upcasters = [], pollIntervalMs = 1000 } = options;
  const listener = createNotificationListener({
    url: options.url,
    channel: EVENTS_CHANNEL,
    ...(options.onListenerError ? { onError: options.onListenerError } : {}),
  });

  const notifier = createAppendNotifier(pool, EVENTS_CHANNEL, options.onListenerError);

  const findAppend = async (idempotencyKey: string): Promise<AppendResult | null> => {
    const { rows } = await pool.query<{
      last_revision: string;
      last_position: string;
      transaction_id: string;
    }>('select last_revision, last_position, transaction_id from es.idempotency_keys where key = $1', [
      idempotencyKey,
    ]);
    const row = rows[0];
    return row ? appendResult(row.last_revision, row.last_position, row.transaction_id, true) : null;
  };

  const append = async (
    streamId: string,
    events: readonly NewEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> => {
    if (events.length === 0) throw new RangeError(`Nothing to append to stream "${streamId}"`);
    const { expectedRevision = 'any', idempotencyKey, fence } = appendOptions;
    let ids = events.map(
      (event, index) =>
        event.eventId ?? (idempotencyKey === undefined ? randomUUID() : deriveEventId(idempotencyKey, index)),
    );
    let row: AppendRow | undefined;
    for (let attempt = 0; ; attempt += 1) {
      try {
        // A named (prepared) statement: planned once per connection, which the hot path notices.
        const statement = {
          name: 'es.append_events',
          text: `select * from es.append_events($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::jsonb[], $7::jsonb[], $8)`,
          values: [
            streamId,
            String(expectedRevision),
            ids,
            events.map((event) => event.type),
            events.map((event) => event.schemaVersion ?? 1),
            events.map((event) => JSON.stringify(event.data)),
            events.map((event) => JSON.stringify(event.metadata)),
            idempotencyKey ?? null,
          ],
        };
        if (fence === undefined) row = (await pool.query<AppendRow>(statement)).rows[0];
        else {
          const fenced = await fencedAppend(pool, fence, statement);
          if (fenced === null) throw new FencedAppendError(streamId, fence);
          row = fenced;
        }
        break;
      } catch (error) {
        // The same key used at the same moment on another stream: the first append wins.
        if (idempotencyKey !== undefined && isUniqueViolation(error, 'idempotency_keys_pkey')) {
          const previous = await findAppend(idempotencyKey);
          if (previous) return previous;
        }
        // The ids derived from the key are taken but the key is not: either a concurrent first use committed
        // (found now), or the key expired and was deleted while its events stay. Then the key names a new
        // command: its events get fresh ids, and the key, recorded again by this append, dedupes its retries.
        if (
          attempt === 0 &&
          idempotencyKey !== undefined &&
          isUniqueViolation(error, 'events_event_id_key')
        ) {
          const previous = await findAppend(idempotencyKey);
          if (previous) return previous;
          ids = events.map((event) => event.eventId ?? randomUUID());
          continue;
        }
        throw error;
      }
    }
    if (!row) throw new Error('es.append_events returned no row');
    if (row.outcome === 'conflict') {
      const actual = Number(row.last_revision);
      throw new WrongExpectedRevisionError(streamId, expectedRevision, actual < 0 ? 'no_stream' : actual);
    }
    // Committed: wake the subscribers (throttled; they would otherwise wait for their next poll).
    if (row.outcome === 'appended') notifier.poke();
    return appendResult(
      row.last_revision,
      row.last_position,
      row.transaction_id,
      row.outcome === 'duplicate',
    );
  };

  const readStream = async <E extends Event = Event>(
    streamId: string,
    readOptions: ReadStreamOptions = {},
  ): Promise<RecordedEvent<E>[]> => {
    const backwards = readOptions.direction === 'backwards';
    const from = readOptions.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from es.events
       where stream_id = $1 and revision ${backwards ? '<=' : '>='} $2
       order by revision ${backwards ? 'desc' : 'asc'}
       limit $3`,
      [streamId, from, readOptions.maxCount ?? null],
    );
    // The caller names the stream's events (see the port): the one place where that word is taken.
    return rows.map((row) => toRecordedEvent(row, upcasters)) as RecordedEvent<E>[];
  };

  /** Events after `from` below `horizon` (see read-horizon.ts: computed by an EARLIER statement). */
  const readBelow = async (
    horizon: ReadHorizon,
    from: Checkpoint | null,
    readOptions: ReadAllOptions,
  ): Promise<RecordedEvent[]> => {
    const params: unknown[] = [
      String(from?.transactionId ?? 0n),
      String(from?.position ?? 0n),
      readOptions.maxCount ?? 1000,
      String(horizon.below),
    ];
    const { rows } = await pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from es.events
       where (transaction_id, position) > ($1::xid8, $2::bigint)
         and transaction_id < $4::xid8
         ${filterSql(readOptions.filter, params)}
       order by transaction_id, position
       limit $3`,
      params,
    );
    return rows.map((row) => toRecordedEvent(row, upcasters));
  };

  const readAll = async (
    from: Checkpoint | null,
    readOptions: ReadAllOptions = {},
  ): Promise<RecordedEvent[]> => readBelow(await readHorizon(pool), from, readOptions);

  /** True when committed events wait above the horizon: an appender holds it, or they committed since. */
  const hasPendingEvents = async (horizon: ReadHorizon): Promise<boolean> => {
    const { rows } = await pool.query<{ pending: boolean }>(
      `select exists (select 1 from es.events where transaction_id >= $1::xid8) as pending`,
      [String(horizon.below)],
    );
    return rows[0]?.pending ?? false;
  };

  async function* subscribeBatches(
    from: Checkpoint | null,
    subscribeOptions: SubscribeOptions = {},
  ): AsyncGenerator<RecordedEvent[]> {
    const { signal, batchSize = 500, filter } = subscribeOptions;
    const wakeup = listener.wakeup();
    const heldBackoff = createHeldBackoff();
    let checkpoint = from;
    try {
      while (!signal?.aborted) {
        const horizon = await readHorizon(pool);
        const batch = await readBelow(
          horizon,
          checkpoint,
          filter ? { filter, maxCount: batchSize } : { maxCount: batchSize },
        );
        const last = batch.at(-1);
        if (last) {
          heldBackoff.reset();
          yield batch;
          checkpoint = last.checkpoint;
          if (batch.length === batchSize) continue;
        }
        // Events above the horizon: soon readable. Quickly if they just committed; an appender that holds
        // the horizon longer (a paused node) is looked at less and less often, its commit notifies anyway.
        const pending = await hasPendingEvents(horizon);
        if (!pending || !horizon.heldBy) heldBackoff.reset();
        const delay = !pending
          ? pollIntervalMs
          : horizon.heldBy
            ? heldBackoff.next(horizon.heldBy.xid)
            : PENDING_RETRY_MS;
        await wakeup.wait(delay, signal);
      }
    } finally {
      wakeup.close();
    }
  }

  async function* subscribe(
    from: Checkpoint | null,
    subscribeOptions: SubscribeOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    for await (const batch of subscribeBatches(from, subscribeOptions)) {
      for (const event of batch) {
        if (subscribeOptions.signal?.aborted) return;
        yield event;
      }
    }
  }

  const headCheckpoint = async (): Promise<Checkpoint | null> => {
    const horizon = await readHorizon(pool);
    const { rows } = await pool.query<Pick<EventRow, 'transaction_id' | 'position'>>(
      `select transaction_id, position from es.events
       where transaction_id < $1::xid8
       order by transaction_id desc, position desc limit 1`,
      [String(horizon.below)],
    );
    const row = rows[0];
    return row ? { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) } : null;
  };

  return {
    append,
    appendMany: makeAppendMany(pool, () => notifier.poke()),
    readStream,
    readAll,
    subscribe,
    subscribeBatches,
    findAppend,
    headCheckpoint,
    async close() {
      await notifier.drain();
      await listener.close();
    },
  };
}

/**
 * The append in a transaction that first takes the append lock (an append must come first: see
 * `es.begin_append`), then shares the partition's row at the fence's epoch: a claim (which bumps the epoch)
 * waits for this commit, and an epoch already bumped appends nothing (`null`).
 */
async function fencedAppend(
  pool: pg.Pool,
  fence: AppendFence,
  statement: pg.QueryConfig,
): Promise<AppendRow | null | undefined> {
  return inTransaction(
    pool,
    async (client) => {
      await client.query('select es.begin_append()');
      const held = await client.query(
        'select 1 from monitoring.scheduler_partitions where partition = $1 and epoch = $2 for share',
        [fence.partition, fence.epoch],
      );
      if (held.rowCount !== 1) return null;
      return (await client.query<AppendRow>(statement)).rows[0];
    },
    (row) => row !== null && row?.outcome === 'appended',
  );
}

function appendResult(
  lastRevision: string,
  lastPosition: string | null,
  transactionId: string | null,
  duplicate: boolean,
): AppendResult {
  const position = BigInt(lastPosition ?? 0);
  return {
    nextExpectedRevision: Number(lastRevision),
    position,
    checkpoint: { transactionId: BigInt(transactionId ?? 0), position },
    duplicate,
  };
}

function filterSql(filter: EventFilter | undefined, params: unknown[]): string {
  let clause = '';
  if (filter?.eventTypes && filter.eventTypes.length > 0) {
    params.push(filter.eventTypes);
    clause += ` and type = any($${params.length}::text[])`;
  }
  if (filter?.streamPrefix) {
    params.push(filter.streamPrefix);
    clause += ` and starts_with(stream_id, $${params.length})`;
  }
  return clause;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === UNIQUE_VIOLATION &&
    (error as { constraint?: unknown }).constraint === constraint
  );
}
