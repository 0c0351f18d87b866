import { findSetting } from '../../domain/settings/index.ts';
import type { KnownEventType } from './known-events.ts';

/**
 * A field of an event's data: property names joined by `.`; `*` stands for every element of an array
 * (`changes.*.old`).
 */
export type FieldPath = string;

/** What of one event type's data a reader of the audit tools may not see. */
export interface EventDataRedaction {
  /**
   * Never shown to anyone, whatever the role (the CLI included): password hashes, token digests, session ids,
   * secret values. A hash is not the password, but it is what an offline guesser needs.
   */
  readonly secret?: readonly FieldPath[];
  /**
   * Shown to admins only: what the other roles cannot read through any other route (the Telegram routes are
   * admin-only), so the audit routes must not become the way round.
   */
  readonly adminOnly?: readonly FieldPath[];
  /** Secrets a path cannot name: which elements are secret depends on their content. */
  readonly secretWhen?: (path: readonly string[], parent: unknown) => boolean;
}

/** A changed setting whose definition says it is a secret (never event-sourced; this is the second lock). */
const secretSettingValue = (path: readonly string[], parent: unknown): boolean => {
  const last = path[path.length - 1];
  if (last !== 'old' && last !== 'new') return false;
  if (typeof parent !== 'object' || parent === null || !('key' in parent)) return false;
  const { key } = parent;
  return typeof key === 'string' && findSetting(key)?.secret === true;
};

const TELEGRAM_PROFILE = ['username', 'firstName', 'lastName', 'languageCode'];

/**
 * Per event type, the fields the audit tools hide (audit API, `tbot events`, the web admin through the API).
 * Keyed by every known type, so a new event does not compile without an entry; a test checks that every field
 * whose name looks secret (hash, digest, token, secret, password, session) is listed under `secret`. An
 * unknown type (written by a newer TBot) is shown as stored.
 */
export const EVENT_DATA_REDACTIONS = {
  // User names are no secret: every audit entry shows its actor's name to every role.
  UserCreated: { secret: ['passwordHash'] },
  UserPasswordReset: { secret: ['passwordHash'] },
  UserRoleChanged: {},
  UserDisabled: {},
  UserForgotten: {},
  UserEnabled: {},
  UsernameReserved: {},
  UsernameSkeletonReserved: { secret: ['nameDigest'] },
  // The employees are readable by every role through /employees: the audit routes show no more than it does.
  DepartmentCreated: {},
  DepartmentRenamed: {},
  DepartmentMoved: {},
  DepartmentClosed: {},
  EmployeeRegistered: {},
  EmployeeDetailsChanged: {},
  EmployeeMoved: {},
  EmployeeDismissed: {},
  EmployeeRestored: {},
  EmployeeForgotten: {},
  WorkstationRegistered: {},
  WorkstationDetailsChanged: {},
  WorkstationAssigned: {},
  WorkstationRetired: {},
  HostnameClaimed: {},
  HostnameReleased: {},
  ProjectionRebuilt: {},
  ProjectionReset: {},
  // An error text may quote the data of the event that failed.
  ProjectionRetried: { adminOnly: ['error'] },
  ProjectionEventSkipped: { adminOnly: ['error'] },
  EventLogRenumbered: {},
  // A database URL (host, user; its password already removed).
  DatabaseCopied: { adminOnly: ['from'] },
  SettingsChanged: { secretWhen: secretSettingValue },
  TelegramUserRegistered: { adminOnly: TELEGRAM_PROFILE },
  TelegramUserForgotten: {},
  TelegramAccessRequested: {},
  TelegramAccessApproved: {},
  TelegramAccessDenied: {},
  TelegramUserBlocked: {},
  TelegramUserRoleChanged: {},
  TelegramChatRegistered: { adminOnly: ['title'] },
  TelegramChatRetitled: { adminOnly: ['title'] },
  TelegramForumTopicRegistered: { adminOnly: ['name'] },
  TelegramForumTopicRenamed: { adminOnly: ['name'] },
  TelegramUpdateFailed: { adminOnly: ['error'] },
  // Monitoring holds no personal data: a group's chat id is a work chat's, not a person's (who acted is in
  // the metadata, as everywhere).
  ServerGroupCreated: {},
  ServerGroupRenamed: {},
  ServerGroupAlertsRouted: {},
  ServerGroupQuietHoursSet: {},
  ServerGroupStatusRuleSet: {},
  ServerGroupRemoved: {},
  // A push check's token digest is what a guesser of the push URL's token would need.
  ServerRegistered: { secret: ['checks.*.definition.tokenDigest'] },
  ServerRenamed: {},
  ServerHostChanged: { secret: ['checks.*.definition.tokenDigest'] },
  CheckAdded: { secret: ['check.definition.tokenDigest'] },
  CheckChanged: { secret: ['check.definition.tokenDigest'] },
  CheckRemoved: {},
  ServerPaused: {},
  ServerResumed: {},
  ServerMovedToGroup: {},
  ServerParentChanged: {},
  ServerRemoved: {},
  ServerNameClaimed: {},
  ServerNameReleased: {},
  // A probe's error text names hosts and ports, which every role that sees monitoring sees anyway.
  CheckWentUp: {},
  CheckWentPending: {},
  ServerWentDown: {},
  ServerRecovered: {},
  MaintenanceStarted: {},
  MaintenanceEnded: {},
  CheckPaused: {},
  CheckResumed: {},
  IncidentAcknowledged: {},
  CheckRetired: {},
  CertificateExpiring: {},
  CertificateRenewed: {},
  MaintenanceWindowScheduled: {},
  MaintenanceWindowEnded: {},
  // Figures, node and projection names, error classes: nothing of a person (the decider bounds the texts).
  SelfCheckFailed: {},
  SelfCheckRecovered: {},
  // OTRS (#16): no session id or password is ever in an event; personal texts are encrypted under their subject's key.
  OtrsAgentLinked: {},
  OtrsAgentSeen: {},
  OtrsAgentSessionExpired: {},
  OtrsAgentSessionRenewed: {},
  OtrsRoutingRulesSet: {},
  TicketTouched: {},
  OtrsAgentLoginClaimed: {},
  OtrsAgentLoginReleased: {},
  OtrsAgentUnlinked: {},
  TicketActionFailed: {},
  TicketActionRequested: {},
  TicketActionSucceeded: {},
  TicketArticleAdded: {},
  TicketCustomerChanged: {},
  TicketEscalated: {},
  TicketEscalationNear: {},
  TicketEscalationTimesChanged: {},
  TicketLockChanged: {},
  TicketOpened: {},
  TicketOwnerChanged: {},
  TicketPriorityChanged: {},
  TicketQueueChanged: {},
  TicketResponsibleChanged: {},
  TicketStateChanged: {},
  TicketTitleChanged: {},
} as const satisfies Record<KnownEventType, EventDataRedaction>;

/** The redaction of `type`, or null for a type no registry entry knows (shown as stored). */
export function redactionOf(
  type: string,
  registry: Readonly<Record<string, EventDataRedaction>> = EVENT_DATA_REDACTIONS,
): EventDataRedaction | null {
  return Object.hasOwn(registry, type) ? (registry[type] ?? null) : null;
}
