/** The stream of one server group. */
export const serverGroupStreamId = (groupId: string): string => `monitoring-group-${groupId}`;

/** The stream of one server: its host, its checks' definitions and timing, its group and parent. */
export const serverStreamId = (serverId: string): string => `monitoring-server-${serverId}`;

/**
 * The state stream of one check: UP, PENDING, DOWN, MAINTENANCE, PAUSED and its incidents. Apart from the
 * server's stream so that state changes (written by the scheduler) never conflict with an admin's edit.
 */
export const checkStateStreamId = (checkId: string): string => `monitoring-check-${checkId}`;

/** The stream of one maintenance window. */
export const maintenanceWindowStreamId = (windowId: string): string => `monitoring-maintenance-${windowId}`;

/**
 * The stream of one of TBot's self-checks: a condition of one subject (`monitoring-self-checks-late-n2`,
 * `monitoring-self-alerts-unsent-cluster`, `monitoring-self-projection-parked-employees`). The subject is
 * already bounded by `selfCheckSubject`.
 */
export const selfWatchStreamId = (condition: string, subject: string): string =>
  `monitoring-self-${condition}-${subject}`;
