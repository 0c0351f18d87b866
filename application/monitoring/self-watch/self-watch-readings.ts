/** Alerts in the outbox that did not reach their chat, as the self-watch reads them. */
export interface UnsentAlerts {
  /** Undeliverable lately, or still pending after a failed try or far too long; counted up to a bound. */
  readonly unsent: number;
  /** When the oldest of them was written; `null` when there is none. */
  readonly oldestAt: Date | null;
  /** Telegram's answer to the newest of them (`403 Forbidden: ...`), ASCII only; `null` if none or another. */
  readonly lastError: string | null;
}

/** Where the self-watch reads the outbox (the infrastructure's adapter reads `notifications.outbox`). */
export interface UnsentAlertsReading {
  unsentAlerts(now: Date): Promise<UnsentAlerts>;
}

/**
 * The scheduler's counters on this node, all kinds: checks run (`tbot_checks_total`) and started late
 * (`tbot_checks_late_total`). Both only grow.
 */
export type CheckCounts = () => Promise<{ readonly ran: number; readonly late: number }>;

/** The self-watch's figures: raised episodes, and what this node last saw failing. */
export interface SelfWatchMetrics {
  /** This node appended the start of an episode. */
  raised(condition: string): void;
  /** Subjects of `condition` this node saw failing at its last look (cluster conditions: the lease holder only). */
  failing(condition: string, subjects: number): void;
}

export const noSelfWatchMetrics: SelfWatchMetrics = { raised: () => undefined, failing: () => undefined };

/** The subjects of a condition failing now (the self-watch reactor's open episodes); may lag a moment. */
export type OpenSelfChecks = (condition: 'checks-late') => Promise<readonly string[]>;

/** The ids of the nodes alive now (heartbeat in `cluster.nodes`). */
export type LiveNodeIds = () => Promise<readonly string[]>;
