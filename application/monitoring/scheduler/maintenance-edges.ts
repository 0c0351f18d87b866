import { Cron } from 'croner';
import type { MaintenanceSchedule } from '../../../domain/monitoring/index.ts';
import type { CatalogCheck, CatalogWindow } from '../../ports/check-catalog.ts';
import { occurrenceAt } from '../maintenance-calendar.ts';

/** The windows of `check`'s server or group that are on at `now`, with their occurrence's start. */
export function windowsOn(
  check: CatalogCheck,
  windows: readonly CatalogWindow[],
  now: Date,
): Map<string, Date> {
  const on = new Map<string, Date>();
  for (const window of windows) {
    const { target } = window;
    const mine =
      target.kind === 'server' ? target.serverId === check.serverId : target.groupId === check.groupId;
    if (!mine) continue;
    const occurrence = occurrenceAt(window.schedule, now);
    if (occurrence) on.set(window.windowId, occurrence.start);
  }
  return on;
}

/**
 * The start of the occurrence of `schedule` last begun before `now`: the one a node that took the check over
 * ends, having not seen it start (the end's idempotency key names the occurrence).
 */
export function lastOccurrenceStart(schedule: MaintenanceSchedule | undefined, now: Date): Date {
  if (schedule === undefined) return new Date(0);
  if (schedule.kind === 'once') return new Date(schedule.from);
  const [start] = new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true }).previousRuns(1, now);
  return start ?? new Date(0);
}
