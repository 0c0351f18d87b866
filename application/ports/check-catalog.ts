import type { CheckDefinition, CheckTiming } from '../../domain/monitoring/check-definition.ts';
import type { MaintenanceSchedule, MaintenanceTarget } from '../../domain/monitoring/maintenance-schedule.ts';

/** A check the scheduler runs: what it probes and when, and the server it belongs to. */
export interface CatalogCheck {
  readonly checkId: string;
  readonly serverId: string;
  /** The server's group: a group's maintenance windows silence its servers' checks. */
  readonly groupId: string | null;
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
  /** The maintenance windows not ended for good (whether one is on now is the schedule's to say). */
  maintenanceWindows(): Promise<CatalogWindow[]>;
}

/** A maintenance window of a server or a group, once or recurring. */
export interface CatalogWindow {
  readonly windowId: string;
  readonly target: MaintenanceTarget;
  readonly schedule: MaintenanceSchedule;
}
