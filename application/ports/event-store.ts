import type { Event, EventMetadata } from '../../domain/shared/index.ts';
import type { Checkpoint } from './checkpoint.ts';

/**
 * What an append expects of the stream: `'any'` skips the check, `'no_stream'` and `'stream_exists'` check
 * existence, a number is the exact revision of the stream's last event (the first event is revision 0).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event to append: a domain event, its metadata, and optionally its id and schema version. */
export interface NewEvent<E extends Event = Event> {
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
  /** Defaults to a random UUID, or one derived from the idempotency key. */
  readonly eventId?: string;
  /** Version of the event's data schema, for upcasters; defaults to 1. */
  readonly schemaVersion?: number;
}

/** What the store adds to an event it records: its id, metadata and place in its stream and in the whole log. */
export interface RecordedFields {
  readonly eventId: string;
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly revision: number;
  readonly position: bigint;
  /** Where a reader of the whole log stands after this event. */
  readonly checkpoint: Checkpoint;
  readonly recordedAt: Date;
}

/**
 * An event read back from the store, with its place in its stream and in the whole log. Over a union of events
 * it is the union of their recorded forms, so `type` narrows `data`, and it is a domain event for a fold.
 */
export type RecordedEvent<E extends Event = Event> = E & RecordedFields;

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
  /**
   * A key naming the command (a Telegram `update_id`, an HTTP `Idempotency-Key`). An append repeated with the
   * same key writes nothing and returns the first append's result.
   */
  readonly idempotencyKey?: string;
  /**
   * Written only while this monitoring scheduler partition's epoch is still `epoch`, checked in the append's
   * own transaction: a holder paused past its lease (its partition claimed since) appends nothing, and a claim
   * waits for an append in progress. Refused: {@link FencedAppendError}.
   */
  readonly fence?: AppendFence;
}

/** A monitoring scheduler partition claim (`monitoring.scheduler_partitions`): see {@link AppendOptions.fence}. */
export interface AppendFence {
  readonly partition: number;
  readonly epoch: number;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly position: bigint;
  /** Checkpoint a reader must reach to have seen the append (read-your-writes). */
  readonly checkpoint: Checkpoint;
  /** True when the idempotency key had been used: nothing was written this time. */
  readonly duplicate: boolean;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendManyResult {
  /** Each stream's revision after the append, in the order given. */
  readonly streams: readonly { readonly streamId: string; readonly nextExpectedRevision: number }[];
  /** Checkpoint a reader must reach to have seen the whole append; `null` when nothing was given. */
  readonly checkpoint: Checkpoint | null;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive); defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly direction?: ReadDirection;
  readonly maxCount?: number;
}

/** Which events a reader of the whole log wants; an empty filter wants all. */
export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamPrefix?: string;
}

export interface ReadAllOptions {
  readonly filter?: EventFilter;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  readonly filter?: EventFilter;
  /** Events fetched per read while catching up. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * The event log. Appends to one stream are atomic and ordered; reads of the whole log in checkpoint order
 * never skip an event that commits after one that was already read.
 *
 * Two stores keep this contract (one test suite, `test/application/ports/event-store-contract.ts`, runs on
 * both); where they differ, each method says what each promises:
 * - PostgreSQL (default, `es.events`): a checkpoint is (writing transaction, position); readers wait below the
 *   appenders' horizon, so an event becomes readable a moment after its commit.
 * - EventStoreDB 23.10+ (`EVENTSTORE_URL`): a checkpoint is the `$all` (commit, prepare) position, in the same
 *   two fields; `$all` is totally ordered and holds only committed events, so there is no horizon. Idempotency
 *   keys and append fences live in PostgreSQL beside the read models.
 */
export interface EventStore {
  /**
   * Appends `events` to one stream, all or nothing, at `expectedRevision`.
   * @throws {WrongExpectedRevisionError} naming the stream, the expected and the actual revision.
   * With an idempotency key, a repeat writes nothing and answers the first append (`duplicate: true`). On
   * PostgreSQL the key is recorded in the append's own transaction. On EventStoreDB the events carry ids derived
   * from the key (EventStoreDB dedupes ids per stream), the key is recorded in PostgreSQL after the write, and a
   * repeat whose key was never recorded (the answer was lost with the connection) finds its events among the
   * stream's last 100 and writes nothing; the same key used at the same moment on two different streams can
   * write on both there (PostgreSQL refuses the second).
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams in the order given (the log keeps that order: put a department before the
   * people who join it). Meant for bulk changes such as imports; no idempotency key. A stream may appear once.
   * PostgreSQL: one transaction, all or nothing. EventStoreDB (no multi-stream transaction): every expected
   * revision is checked first, then each stream is appended whole with its own expected revision; a writer
   * racing in between can fail a later stream after earlier ones were written. Callers stay correct on both by
   * re-planning from the streams as they are when run again (the import does).
   * @throws {WrongExpectedRevisionError} for the first stream whose expected revision does not hold; nothing
   * is written (on EventStoreDB: nothing of that stream or the ones after it).
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendManyResult>;
  /**
   * The stream's events, upcast to today's schema. `E` names the events the stream holds (a decider's union,
   * by the stream's naming: `employee-<id>` holds `EmployeeEvent`s); the store takes the caller's word for it.
   */
  readStream<E extends Event = Event>(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<RecordedEvent<E>[]>;
  /**
   * Events after `from` (exclusive) in checkpoint order; `null` reads from the start. On PostgreSQL an event
   * is readable once every transaction older than its own has ended (usually within milliseconds of its
   * commit): that is what keeps a reader from skipping a late commit; on EventStoreDB once it is written. The
   * filter is applied by the server on both (EventStoreDB: by stream prefix, else by event type). For
   * read-your-writes, wait on the append's checkpoint.
   */
  readAll(from: Checkpoint | null, options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up from `from`, then live: yields every matching event once, in checkpoint order. PostgreSQL: woken by
   * NOTIFY, polling as the fallback. EventStoreDB: its own catch-up subscription, resubscribed from the last
   * event yielded after a dropped connection.
   */
  subscribe(from: Checkpoint | null, options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Like {@link subscribe}, in non-empty batches of at most `batchSize` (for projectors writing a batch at once). */
  subscribeBatches(from: Checkpoint | null, options?: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  /**
   * The result of the append made with `idempotencyKey`, or `null` if none was. Both stores answer from
   * `es.idempotency_keys` in PostgreSQL (EventStoreDB has no index of keys).
   */
  findAppend(idempotencyKey: string): Promise<AppendResult | null>;
  /** The checkpoint after the last event readable now. */
  headCheckpoint(): Promise<Checkpoint | null>;
}
