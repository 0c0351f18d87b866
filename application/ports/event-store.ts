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
 */
export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams in one transaction, all or nothing, in the order given (the log keeps that
   * order: put a department before the people who join it). Meant for bulk changes such as imports; no
   * idempotency key. A stream may appear once.
   * @throws {WrongExpectedRevisionError} for the first stream whose expected revision does not hold; nothing
   * is written.
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
   * Events after `from` (exclusive) in checkpoint order; `null` reads from the start. An event is readable once
   * every transaction older than its own has ended (usually within milliseconds of its commit): that is what
   * keeps a reader from skipping a late commit. For read-your-writes, wait on the append's checkpoint.
   */
  readAll(from: Checkpoint | null, options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `from`, then live: yields every matching event once, in checkpoint order. */
  subscribe(from: Checkpoint | null, options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Like {@link subscribe}, in non-empty batches of at most `batchSize` (for projectors writing a batch at once). */
  subscribeBatches(from: Checkpoint | null, options?: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  /** The result of the append made with `idempotencyKey`, or `null` if none was. */
  findAppend(idempotencyKey: string): Promise<AppendResult | null>;
  /** The checkpoint after the last event readable now. */
  headCheckpoint(): Promise<Checkpoint | null>;
}
