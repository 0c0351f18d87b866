import type { RecordedEvent } from './event-store.ts';

/**
 * Physical names of a projector's tables. A live read model and a rebuild running beside it use different
 * tables; the projector never hard-codes them. `table('audit_log')` → `"core"."audit_log"` (quoted, ready for SQL).
 */
export interface ProjectionTables {
  table(logicalName: string): string;
  /** The unquoted physical table name, for naming indexes after it. */
  rawName(logicalName: string): string;
}

/**
 * A database transaction a projector writes through. Kept to `query` so projectors are plain SQL over a
 * connection: no network, no clock, no event store.
 */
export interface ProjectionTransaction {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A read model builder: owns its tables and nothing else (DESIGN.md, "Projections"). */
export interface Projector {
  /** Stable name, also the checkpoint row's key (`audit`). */
  readonly name: string;
  /** Bump when the tables or what is written change: a rebuild is then due. */
  readonly version: number;
  /** The schema its tables live in (`core`, `employees`). */
  readonly schema: string;
  /** Logical names of the tables it owns, in `schema`. */
  readonly tables: readonly string[];
  /** Event types it reads; empty reads every event. */
  readonly eventTypes: readonly string[];
  /** Creates its tables under the given names, with their primary keys (idempotent: `if not exists`). */
  createTables(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void>;
  /**
   * Creates the secondary indexes (idempotent). Separate from the tables so that a rebuild loads first and
   * indexes once at the end, which is about half again as fast as maintaining them row by row (bench/projection).
   */
  createIndexes?(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void>;
  /** Applies a batch of events, in log order, within the caller's transaction. */
  apply(
    events: readonly RecordedEvent[],
    trx: ProjectionTransaction,
    tables: ProjectionTables,
  ): Promise<void>;
  /**
   * Upkeep after a bulk catch-up (an import, a replay): the runner calls it once it has applied at least
   * `catchUpEvents` events (runner option, default 10,000) since the last call and the log has gone quiet.
   * Tables filled that fast have no planner statistics and full GIN pending lists until autovacuum comes
   * round, a minute or more later, and searches pay for it meanwhile (plans for empty tables). Runs in its own
   * transaction, fenced like a batch (a node that lost the projection has it rolled back), so: ANALYZE,
   * `gin_clean_pending_list`, never VACUUM (not allowed in a transaction), and no read-model rows written.
   * A failure is logged and changes nothing else: the projection goes on.
   */
  afterCatchUp?(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void>;
}
