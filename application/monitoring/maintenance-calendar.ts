import { Cron } from 'croner';
import type { CronEvaluation, MaintenanceSchedule } from '../../domain/monitoring/index.ts';

const cronOf = (cron: string, timeZone: string) => new Cron(cron, { timezone: timeZone, paused: true });

/**
 * What croner makes of a recurring window's expression in its time zone: when it fires next after `now`
 * (`null`: never, such as 30 February), or why it cannot be read. The decider refuses from this.
 */
export function evaluateCron(cron: string, timeZone: string, now: Date): CronEvaluation {
  let schedule: Cron;
  try {
    schedule = cronOf(cron, timeZone);
  } catch (error) {
    return { valid: false, problem: 'expression', message: cronMessage(error) };
  }
  try {
    const next = schedule.nextRun(now);
    return { valid: true, nextStartAt: next === null ? null : next.toISOString() };
  } catch (error) {
    // croner reads the time zone only when it computes a date.
    return { valid: false, problem: 'timeZone', message: cronMessage(error) };
  }
}

const cronMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 300);

/** One occurrence of a window: on from `start` until `end` (exclusive). */
export interface MaintenanceOccurrence {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The occurrence of `schedule` that is on at `at`, or `null`. For a recurring window it is the last start at
 * or before `at`, if `at` falls within its duration (the scheduler asks this every tick, for the windows of
 * the servers it runs).
 */
export function occurrenceAt(schedule: MaintenanceSchedule, at: Date): MaintenanceOccurrence | null {
  if (schedule.kind === 'once') {
    const start = new Date(schedule.from);
    const end = new Date(schedule.until);
    return start <= at && at < end ? { start, end } : null;
  }
  // croner's previous runs leave out one exactly at the reference: ask from a second later, keep those not after `at`.
  const start = cronOf(schedule.cron, schedule.timeZone)
    .previousRuns(2, new Date(at.getTime() + 1000))
    .find((run) => run <= at);
  if (start === undefined) return null;
  const end = new Date(start.getTime() + schedule.durationMinutes * 60_000);
  return at < end ? { start, end } : null;
}
