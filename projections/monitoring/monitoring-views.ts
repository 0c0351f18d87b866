import type {
  AlertRoute,
  CheckDefinition,
  CheckTiming,
  GroupStatusRule,
  MaintenanceSchedule,
  MaintenanceTarget,
  QuietHours,
} from '../../domain/monitoring/index.ts';
import type { CheckStateName, IncidentCloseReason } from './monitoring-tables.ts';

/**
 * What the monitoring read model answers: the API's and the bot's views. Times are ISO 8601. A push check's
 * token digest is never answered (its token was shown once, when the check was made).
 */
export type CheckDefinitionView = Exclude<CheckDefinition, { kind: 'push' }> | { readonly kind: 'push' };

/** A server's state: its worst check's (DOWN, then MAINTENANCE, PENDING, UNKNOWN), or `paused`. */
export type ServerStateName = Exclude<CheckStateName, 'retired'>;

export interface CheckView {
  readonly checkId: string;
  readonly serverId: string;
  readonly definition: CheckDefinitionView;
  readonly timing: CheckTiming;
  readonly state: CheckStateName;
  readonly stateSince: string;
  readonly failures: number;
  readonly firstError: string | null;
  readonly lastError: string | null;
  readonly openIncidentId: string | null;
  /** An HTTPS check's certificate once a warning was due: when it ends, and whether it still expires soon. */
  readonly certificate: { readonly validTo: string; readonly expiring: boolean } | null;
}

export interface ServerView {
  readonly serverId: string;
  readonly name: string;
  readonly host: string;
  readonly groupId: string | null;
  readonly parentId: string | null;
  readonly status: 'active' | 'paused' | 'removed';
  readonly state: ServerStateName;
  /** Since when the server is in `state` (its worst check's since). */
  readonly stateSince: string;
  readonly checks: readonly CheckView[];
  readonly updatedAt: string;
}

export interface GroupView {
  readonly groupId: string;
  readonly name: string;
  readonly alertRoute: AlertRoute | null;
  readonly quietHours: QuietHours | null;
  readonly statusRule: GroupStatusRule;
  readonly status: 'active' | 'removed';
  /** Its servers (not removed), and how many of them are DOWN now. */
  readonly servers: number;
  readonly serversDown: number;
  /** DOWN by its status rule. */
  readonly down: boolean;
}

/** Who did it; a person's name while they are known (`null` once forgotten). */
export interface ActorView {
  readonly kind: string;
  readonly id: string;
  readonly name: string | null;
}

export interface IncidentView {
  readonly incidentId: string;
  readonly checkId: string;
  readonly serverId: string;
  readonly serverName: string | null;
  readonly openedAt: string;
  readonly failingSince: string;
  readonly firstError: string;
  /** The parent that was down when it opened: its alert was held back. */
  readonly parentDownId: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: ActorView | null;
  readonly closedAt: string | null;
  readonly closeReason: IncidentCloseReason | null;
  /** How long it was (or, while open, has been until `asOf`) down, in seconds. */
  readonly durationSeconds: number;
}

export interface MaintenanceWindowView {
  readonly windowId: string;
  readonly target: MaintenanceTarget;
  readonly schedule: MaintenanceSchedule;
  readonly reason: string | null;
  readonly status: 'scheduled' | 'ended';
  readonly endedAt: string | null;
  readonly createdBy: ActorView;
  readonly createdAt: string;
}

export interface Paging {
  readonly limit: number;
  readonly offset: number;
}
