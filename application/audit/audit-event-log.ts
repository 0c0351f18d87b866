import type { Checkpoint, RecordedEvent } from '../ports/index.ts';
import type { AuditFilter } from './audit-filter.ts';

/** Where a stream's history stops: at a global position, or at a moment (`metadata.occurredAt`), inclusive. */
export type StreamPoint = { readonly position: bigint } | { readonly time: Date };

export interface AuditPageOptions {
  /** Events per page (one query each). */
  readonly pageSize?: number;
  /** Stop after this many events; unbounded when absent. */
  readonly limit?: number;
  /** Read up to this checkpoint (inclusive); defaults to the head when the read starts. */
  readonly upTo?: Checkpoint | null;
}

/**
 * The event log as an investigator reads it: filtered by who, what, where, when and which correlation, in
 * log order, page by page so that any amount streams in bounded memory.
 */
export interface AuditEventLog {
  /** The checkpoint after the last readable event, or null when the log is empty. */
  head(): Promise<Checkpoint | null>;
  /**
   * Matching events in checkpoint order, in non-empty pages, up to `upTo` (the head at the first read unless
   * given): a listing is the log as it was when it started, however fast writers append meanwhile.
   */
  pages(filter: AuditFilter, options?: AuditPageOptions): AsyncIterable<RecordedEvent[]>;
  /** The last `count` matching events at or before `upTo`, oldest first. */
  last(filter: AuditFilter, count: number, upTo: Checkpoint): Promise<RecordedEvent[]>;
  findById(eventId: string): Promise<RecordedEvent | null>;
  findByPosition(position: bigint): Promise<RecordedEvent | null>;
  /** One stream's events in revision order, up to `until` (inclusive) when given, in pages. */
  streamPages(streamId: string, until?: StreamPoint, pageSize?: number): AsyncIterable<RecordedEvent[]>;
}
