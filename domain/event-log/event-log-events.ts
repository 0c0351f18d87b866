import type { Event } from '../shared/index.ts';

/** The stream an operator's acts on the log as a whole are appended to. */
export const EVENT_LOG_STREAM = 'event-log';

export interface EventLogRenumberedData {
  /** Events renumbered (positions 1..events, in the log's old order). */
  readonly events: number;
  /** Distinct transaction ids they carried before, and the largest of them. */
  readonly transactions: number;
  readonly largestTransactionIdBefore: string | null;
  /** Events whose position changed. */
  readonly moved: number;
  /** Read models emptied, each rebuilt from the renumbered log by its owner. */
  readonly projectionsReset: readonly string[];
}

/**
 * The log's transaction ids were rewritten below this cluster's (after a restore or copy from another
 * cluster), keeping its order; positions were renumbered and every read model reset.
 */
export type EventLogRenumbered = Event<'EventLogRenumbered', EventLogRenumberedData>;

export interface DatabaseCopiedData {
  /** The source database, its password removed. */
  readonly from: string;
  /** Tables and rows copied; read models are rebuilt from the log instead. */
  readonly tables: number;
  readonly rows: number;
}

/** This database was filled by `tbot db copy` from another one. */
export type DatabaseCopied = Event<'DatabaseCopied', DatabaseCopiedData>;

export type EventLogOperatorEvent = EventLogRenumbered | DatabaseCopied;
