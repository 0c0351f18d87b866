import type { CheckDefinition, CheckTiming } from '../../domain/monitoring/check-definition.ts';

/** A check the scheduler runs: what it probes and when, and the server it belongs to. */
export interface CatalogCheck {
  readonly checkId: string;
  readonly serverId: string;
  readonly definition: CheckDefinition;
  readonly timing: CheckTiming;
}

/**
 * The checks the scheduler runs, by partition: those of servers that exist and are not paused. Read from the
 * servers' streams today; the monitoring read model may answer it later with the same contract.
 */
export interface CheckCatalog {
  /** The running checks whose `checkPartitionOf(checkId)` is one of `partitions`. */
  checksOf(partitions: readonly number[]): Promise<CatalogCheck[]>;
  /** The running push check whose token has this SHA-256 digest, or `null`. */
  pushCheckOf(tokenDigest: string): Promise<CatalogCheck | null>;
}
