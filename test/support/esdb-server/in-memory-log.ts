/**
 * The log of the EventStoreDB test server: one transaction file in memory. Positions are byte offsets, as in
 * EventStoreDB: each event is a prepare record at its own log position, and an append of several events to
 * one stream is an implicit transaction whose events share one commit position, the position of its first
 * prepare (EventStore's StorageWriterService: `transactionPosition = res.WrittenPos` for the first event,
 * every prepare flagged `IsCommitted`). `$all` is ordered by (commit, prepare), which is log order.
 */
export interface LogRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** 100 ns ticks since the Unix epoch, as EventStoreDB's gRPC API sends `created`. */
  readonly created: bigint;
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** `-1` no stream, `-2` any, `-4` stream exists (EventStoreDB's ExpectedVersion constants), else exact. */
export type Expected =
  | { readonly kind: 'any' | 'no_stream' | 'stream_exists' }
  | { readonly kind: 'exact'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly outcome: 'written' | 'idempotent';
      readonly lastRevision: bigint;
      /** As EventStoreDB's WriteEventsCompleted reports it: the last prepare's log position... */
      readonly commitPosition: bigint;
      /** ...and the transaction's (first prepare's) position. */
      readonly preparePosition: bigint;
    }
  | { readonly outcome: 'wrong_expected_version'; readonly current: bigint | null };

export interface AllPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** Where the first user event lands: EventStoreDB writes its epoch and system records before it. */
const FIRST_USER_POSITION = 1024n;
/** A prepare record's header, beside its stream name, type, data and metadata (the size is only a model). */
const RECORD_HEADER_BYTES = 96n;

export function compareAll(a: AllPosition, b: AllPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export class InMemoryLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, number[]>();
  private nextPosition = FIRST_USER_POSITION;
  private readonly listeners = new Set<(record: LogRecord) => void>();

  streamRecords(streamId: string): readonly LogRecord[] | undefined {
    return this.streams.get(streamId)?.map((index) => this.records[index] as LogRecord);
  }

  currentRevision(streamId: string): bigint | null {
    const indexes = this.streams.get(streamId);
    return indexes ? BigInt(indexes.length - 1) : null;
  }

  /** Checks the expected revision as EventStoreDB's CheckCommit does, idempotency included, then writes. */
  append(streamId: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const existing = this.streamRecords(streamId) ?? [];
    const current = existing.length === 0 ? null : BigInt(existing.length - 1);
    const idempotent = this.idempotentWrite(existing, expected, events);
    if (idempotent !== undefined) return idempotent;
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === null) ||
      (expected.kind === 'stream_exists' && current !== null) ||
      (expected.kind === 'exact' && current === expected.revision);
    if (!matches) return { outcome: 'wrong_expected_version', current };
    if (events.length === 0) {
      return {
        outcome: 'written',
        lastRevision: current ?? -1n,
        commitPosition: -1n,
        preparePosition: -1n,
      };
    }
    const commit = this.nextPosition;
    const created = BigInt(Date.now()) * 10_000n;
    let revision = current ?? -1n;
    let lastPrepare = commit;
    const indexes = this.streams.get(streamId) ?? [];
    const written: LogRecord[] = [];
    for (const event of events) {
      revision += 1n;
      lastPrepare = this.nextPosition;
      const record: LogRecord = { ...event, streamId, revision, created, commit, prepare: lastPrepare };
      this.nextPosition += recordSize(record);
      indexes.push(this.records.length);
      this.records.push(record);
      written.push(record);
    }
    this.streams.set(streamId, indexes);
    for (const record of written) for (const listener of this.listeners) listener(record);
    return {
      outcome: 'written',
      lastRevision: revision,
      commitPosition: lastPrepare,
      preparePosition: commit,
    };
  }

  /** Index of the first record at or after `from` in `$all` order (records are in that order). */
  indexFrom(from: AllPosition): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareAll(this.records[middle] as LogRecord, from) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  onAppend(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The outcome of a write whose events are already in the stream where it expects them: the first write's
   * result (EventStoreDB's `CommitDecision.Idempotent`); `undefined` when it is a new write or a conflict. A
   * partial match is a conflict (`CorruptedIdempotency`, answered as a wrong expected version).
   */
  private idempotentWrite(
    existing: readonly LogRecord[],
    expected: Expected,
    events: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    const first = events[0];
    if (!first) return undefined;
    let start: number;
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      start = existing.findIndex((record) => record.eventId === first.eventId);
      if (start < 0) return undefined;
    } else {
      start = expected.kind === 'exact' ? Number(expected.revision) + 1 : 0;
      if (start >= existing.length) return undefined;
    }
    const same = events.every((event, i) => existing[start + i]?.eventId === event.eventId);
    if (!same) {
      if (expected.kind === 'any' || expected.kind === 'stream_exists')
        return { outcome: 'wrong_expected_version', current: BigInt(existing.length - 1) };
      return undefined;
    }
    const last = existing[start + events.length - 1] as LogRecord;
    return {
      outcome: 'idempotent',
      lastRevision: last.revision,
      commitPosition: last.prepare,
      preparePosition: last.commit,
    };
  }
}

function recordSize(record: LogRecord): bigint {
  const text = Buffer.byteLength(record.streamId) + Buffer.byteLength(record.type);
  return RECORD_HEADER_BYTES + BigInt(text + record.data.length + record.customMetadata.length);
}
