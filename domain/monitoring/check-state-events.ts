import type { Event } from '../shared/index.ts';

/** The parent server a DOWN check's server depends on, down itself: the alert reactor holds this alert back. */
export interface ParentDown {
  readonly serverId: string;
  /** When the parent went down (ISO 8601). */
  readonly since: string;
}

/** An incident a change of state ends without a recovery (maintenance, a pause, a removal), for the reactor. */
export interface ClosedIncident {
  readonly incidentId: string;
  readonly downSince: string;
  readonly firstError: string;
}

/** Where a check came from into UP or DOWN: its first result, a silent retry, or after maintenance or a pause. */
export type CheckOrigin = 'unknown' | 'up' | 'pending' | 'maintenance' | 'paused';

interface CheckRef {
  checkId: string;
  serverId: string;
}

/** A probe result of `slot` at `at` (ISO 8601) changed the state. */
interface SlotResult extends CheckRef {
  slot: number;
  at: string;
}

/** Up: its first result, or a failure that stayed below the retries passed. Silent. */
export type CheckWentUp = Event<'CheckWentUp', SlotResult & { from: CheckOrigin }>;

/** The `failures`-th failure in a row, below `retries`: PENDING, silent. */
export type CheckWentPending = Event<
  'CheckWentPending',
  SlotResult & { failures: number; retries: number; error: string; failingSince: string }
>;

/**
 * DOWN: an incident opens (`incidentId`). An alert (UP→DOWN, PENDING→DOWN, MAINTENANCE→DOWN, or a first
 * result that fails), unless `parentDown` says the server's parent is down: then the reactor suppresses it.
 * `failingSince` and `firstError`: the first failure of the run (the first PENDING one, when there were any).
 */
export type ServerWentDown = Event<
  'ServerWentDown',
  SlotResult & {
    incidentId: string;
    from: CheckOrigin;
    error: string;
    failingSince: string;
    firstError: string;
    parentDown: ParentDown | null;
  }
>;

/** DOWN→UP: the incident closes. An alert, never suppressed. */
export type ServerRecovered = Event<
  'ServerRecovered',
  SlotResult & {
    incidentId: string;
    /** When it went DOWN. */
    downSince: string;
    downForSeconds: number;
    firstError: string;
    acknowledged: boolean;
  }
>;

/**
 * The check's server is under maintenance window `windowId` from `at`: no alerts until it ends. An open
 * incident ends here, silently (`closedIncident`): after the maintenance the check starts afresh. `from:
 * 'paused'`: the window started while the check is paused; it stays paused and resumes into maintenance.
 */
export type MaintenanceStarted = Event<
  'MaintenanceStarted',
  CheckRef & {
    windowId: string;
    at: string;
    from: CheckOrigin | 'down';
    closedIncident: ClosedIncident | null;
  }
>;

/**
 * Window `windowId` ended; `remainingWindowIds`: those still on. When none is, the check is evaluated at
 * once (the end's probe, in the same append) or by its next result; a paused check stays paused.
 */
export type MaintenanceEnded = Event<
  'MaintenanceEnded',
  CheckRef & { windowId: string; at: string; remainingWindowIds: readonly string[] }
>;

/** The server was paused: the check is not evaluated; an open incident ends silently. */
export type CheckPaused = Event<
  'CheckPaused',
  CheckRef & { at: string; closedIncident: ClosedIncident | null }
>;
/**
 * The server was resumed. `windowIds`: the maintenance windows on at that moment (absent in events before
 * it was recorded, read as none): when any is, the check resumes into maintenance.
 */
export type CheckResumed = Event<'CheckResumed', CheckRef & { at: string; windowIds?: readonly string[] }>;

/** Someone took the incident (who: the event's actor): reminders stop, the alert shows the name. */
export type IncidentAcknowledged = Event<
  'IncidentAcknowledged',
  CheckRef & { incidentId: string; at: string }
>;

/** The check (or its server) was removed: no more state; an open incident ends silently. */
export type CheckRetired = Event<
  'CheckRetired',
  CheckRef & { at: string; closedIncident: ClosedIncident | null }
>;

/** An https check's certificate ends within its warning days (`validTo`): a warning, once per certificate. */
export type CertificateExpiring = Event<'CertificateExpiring', SlotResult & { validTo: string }>;
/** The certificate warned about was replaced by one that is not expiring. */
export type CertificateRenewed = Event<'CertificateRenewed', SlotResult & { validTo: string }>;

export type CheckStateEvent =
  | CheckWentUp
  | CheckWentPending
  | ServerWentDown
  | ServerRecovered
  | MaintenanceStarted
  | MaintenanceEnded
  | CheckPaused
  | CheckResumed
  | IncidentAcknowledged
  | CheckRetired
  | CertificateExpiring
  | CertificateRenewed;

export const CHECK_STATE_EVENT_TYPES: readonly CheckStateEvent['type'][] = [
  'CheckWentUp',
  'CheckWentPending',
  'ServerWentDown',
  'ServerRecovered',
  'MaintenanceStarted',
  'MaintenanceEnded',
  'CheckPaused',
  'CheckResumed',
  'IncidentAcknowledged',
  'CheckRetired',
  'CertificateExpiring',
  'CertificateRenewed',
];

/** The events the alert reactor sends a message for (the rest change state silently). */
export const ALERT_EVENT_TYPES: readonly CheckStateEvent['type'][] = ['ServerWentDown', 'ServerRecovered'];

/** The events the reactor sends a warning for: not an incident, no reminders, no acknowledgement. */
export const WARNING_EVENT_TYPES: readonly CheckStateEvent['type'][] = ['CertificateExpiring'];
