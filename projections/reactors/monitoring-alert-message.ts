/**
 * What one alert message says, as its outbox rows carry it (kind `monitoring.alert`): every server of the
 * incident, those held back because their parent is down under it, and who acknowledged. Each row holds the
 * whole message, so an edit row renders the message as it is now and a retried or reordered edit is harmless.
 */
export const ALERT_MEMBER_STATES = ['down', 'up', 'maintenance', 'paused', 'removed'] as const;
export type AlertMemberState = (typeof ALERT_MEMBER_STATES)[number];

export interface AlertMember {
  readonly incidentId: string;
  readonly checkId: string;
  readonly serverId: string;
  readonly serverName: string;
  /** When it went DOWN (ISO 8601). */
  readonly since: string;
  readonly firstError: string;
  /**
   * `up`: recovered after `downForSeconds`; `maintenance`, `paused`, `removed`: the incident ended without a
   * recovery (a maintenance window began, the server was paused or removed).
   */
  readonly state: AlertMemberState;
  readonly downForSeconds: number | null;
  /** The parent server whose DOWN held this one's alert back, `null` for an alert of its own. */
  readonly suppressedBy: string | null;
  /**
   * Who acknowledged it. A person's name is never kept here (`name` null: the sender reads it from the users'
   * read models at send time, and a forgotten person stays unnamed); a job's or account's name is.
   */
  readonly acknowledgedBy: AlertActor | null;
}

export interface AlertActor {
  readonly kind: string;
  readonly id: string;
  readonly name: string | null;
}

export interface AlertMessageParams {
  readonly groupName: string;
  readonly members: readonly AlertMember[];
  /**
   * The group as a whole when the row was written: `down` of its `total` servers have an open incident, and
   * whether that makes it DOWN by its status rule (any / all / at least N). Absent for a server in no group.
   */
  readonly groupStatus?: GroupStatus | undefined;
}

export interface GroupStatus {
  readonly down: number;
  readonly total: number;
  readonly groupDown: boolean;
}

/** The outbox kind of a monitoring alert message. */
export const MONITORING_ALERT_KIND = 'monitoring.alert';

/** The first field of the alert's acknowledge button's callback data (short: Telegram allows 64 bytes). */
export const ACKNOWLEDGE_CALLBACK_PREFIX = 'ma';

/** The outbox kind of a certificate warning (`CertificateExpiring`) or its all-clear (`CertificateRenewed`). */
export const MONITORING_CERTIFICATE_KIND = 'monitoring.certificate';

/** What a certificate notice carries; the sender words it at send time. */
export interface CertificateParams {
  readonly serverName: string;
  /** The https check's URL. */
  readonly url: string;
  /** When the certificate ends (ISO 8601). */
  readonly validTo: string;
  /** Whole days from the probe's time to `validTo`, rounded up (0: it ends today). */
  readonly daysLeft: number;
  readonly renewed: boolean;
}

/** The outbox kind of a "still down" reminder. */
export const MONITORING_REMINDER_KIND = 'monitoring.reminder';

/** What a reminder row carries; the sender words it at send time. */
export interface ReminderParams {
  readonly incidentId: string;
  readonly serverName: string;
  readonly groupName: string;
  /** When it went DOWN (ISO 8601). */
  readonly since: string;
  /** The reminder's number: the n-th resend interval since the DOWN. */
  readonly reminder: number;
  /** n × the resend interval: how long it is down as of this reminder's due time. */
  readonly downForSeconds: number;
}

/**
 * The outbox kind of an alert that had nowhere to go (chat `NO_RECIPIENT_CHAT`): the sender logs and counts it.
 * Its params are ids only.
 */
export const MONITORING_UNROUTED_KIND = 'monitoring.unrouted';

export interface UnroutedParams {
  readonly groupId: string | null;
  readonly serverId: string;
  readonly incidentId: string;
  /** What was not told: a DOWN, a recovery, or a certificate's warning. */
  readonly state: 'down' | 'up' | 'certificate';
}
