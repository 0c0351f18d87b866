import type { CheckTiming } from './check-definition.ts';
import type { CheckState } from './check-state-decider.ts';

/** How long until a check runs again: the retry interval while PENDING, its interval otherwise. */
export const nextRunDelaySeconds = (state: CheckState, timing: CheckTiming): number =>
  state.status === 'pending' ? timing.retryIntervalSeconds : timing.intervalSeconds;

/**
 * The number of the last "still down" reminder due for an incident DOWN since `downSince` at `now` (0: none
 * yet; the alert itself is not a reminder): the reactor's timers send each number once, deduplicated by
 * (incident, number). `null` when the check sends no reminders.
 */
export function reminderNumberAt(
  downSince: string,
  resendIntervalSeconds: number,
  now: string,
): number | null {
  if (resendIntervalSeconds <= 0) return null;
  const elapsed = Date.parse(now) - Date.parse(downSince);
  return Math.max(0, Math.floor(elapsed / (resendIntervalSeconds * 1000)));
}

/** A server's state from its checks' states, for a board and a group's status rule. */
export type ServerHealth = 'down' | 'pending' | 'maintenance' | 'paused' | 'up' | 'unknown';

/**
 * A server is DOWN while any of its checks is, PENDING while any is and none is down; under maintenance or
 * paused when all its (live) checks are; otherwise UP once every check has a result.
 */
export function serverHealthOf(states: readonly CheckState['status'][]): ServerHealth {
  const live = states.filter((status) => status !== 'retired');
  if (live.length === 0) return 'unknown';
  if (live.every((status) => status === 'paused')) return 'paused';
  const watched = live.filter((status) => status !== 'paused');
  if (watched.every((status) => status === 'maintenance')) return 'maintenance';
  if (watched.includes('down')) return 'down';
  if (watched.includes('pending')) return 'pending';
  if (watched.includes('unknown')) return 'unknown';
  return 'up';
}
