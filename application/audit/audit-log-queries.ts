import type { ActorKind, AuditFilter } from './audit-filter.ts';

/** One row of the audit read model (`core.audit_log`): who did what to which stream, when and why. */
export interface AuditLogEntry {
  readonly position: bigint;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly stream: string;
  readonly type: string;
  /** `name` is `null` once the actor, a person, is forgotten. */
  readonly actor: { readonly kind: ActorKind; readonly id: string; readonly name: string | null };
  readonly correlationId: string;
  readonly causationId: string;
  readonly source: string;
  readonly reason: string | null;
  readonly summary: string;
}

/** A page of the audit log, newest first. */
export interface AuditLogQuery {
  readonly filter: Omit<AuditFilter, 'from'>;
  /** Only entries before this position (exclusive): the keyset of the next page. */
  readonly beforePosition?: bigint;
  readonly limit: number;
}

export interface AuditLogPage {
  readonly items: readonly AuditLogEntry[];
  /** The position to continue below, or null when this page was the last. */
  readonly nextBefore: bigint | null;
}

/** Queries of the audit read model, for the audit API (filtered by the indexes it has). */
export interface AuditLogQueries {
  list(query: AuditLogQuery): Promise<AuditLogPage>;
}
