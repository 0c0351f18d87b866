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
