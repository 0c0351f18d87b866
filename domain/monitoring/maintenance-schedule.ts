import { DomainError } from '../shared/index.ts';
import { isKnownTimeZone, requireIntegerIn } from './monitoring-text.ts';

/** What a maintenance window silences: one server, or every server of a group. */
export type MaintenanceTarget =
  | { readonly kind: 'server'; readonly serverId: string }
  | { readonly kind: 'group'; readonly groupId: string };

/**
 * When a window is on: once, from `from` until `until` (ISO 8601 instants), or every time a cron expression
 * (five fields: minute hour day month weekday) fires in `timeZone`, for `durationMinutes`.
 */
export type MaintenanceSchedule =
  | { readonly kind: 'once'; readonly from: string; readonly until: string }
  | {
      readonly kind: 'recurring';
      readonly cron: string;
      readonly timeZone: string;
      readonly durationMinutes: number;
    };

/**
 * What the application's cron library made of a recurring schedule (the domain parses no cron itself):
 * when it fires next after the command, `null` if never (`0 0 30 2 *`), or why it could not be read.
 */
export type CronEvaluation =
  | { readonly valid: true; readonly nextStartAt: string | null }
  | { readonly valid: false; readonly problem: 'expression' | 'timeZone'; readonly message: string };

/** A one-off window lasts at most this long; a recurring occurrence at most a week. */
export const MAX_ONCE_WINDOW_DAYS = 90;
export const MAX_OCCURRENCE_MINUTES = 7 * 24 * 60;
const MAX_CRON_LENGTH = 100;

const instant = (value: string, field: string): number => {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    throw new DomainError('MAINTENANCE.INVALID_PERIOD', `${field} must be an ISO 8601 instant`, { field });
  }
  return ms;
};

function normalizeOnce(from: string, until: string, now: string) {
  const start = instant(from, 'schedule.from');
  const end = instant(until, 'schedule.until');
  if (end <= start) {
    throw new DomainError('MAINTENANCE.INVALID_PERIOD', 'schedule.until must be after schedule.from', {
      field: 'schedule.until',
    });
  }
  if (end <= Date.parse(now)) {
    throw new DomainError('MAINTENANCE.INVALID_PERIOD', 'The window is over already', {
      field: 'schedule.until',
    });
  }
  if (end - start > MAX_ONCE_WINDOW_DAYS * 86_400_000) {
    throw new DomainError(
      'MAINTENANCE.INVALID_PERIOD',
      `A window lasts at most ${MAX_ONCE_WINDOW_DAYS} days`,
      {
        field: 'schedule.until',
      },
    );
  }
  return { kind: 'once' as const, from: new Date(start).toISOString(), until: new Date(end).toISOString() };
}

/** The cron expression as stored: fields separated by one space. */
export const normalizeCron = (cron: string): string => cron.trim().split(/\s+/).join(' ');

function normalizeRecurring(
  schedule: MaintenanceSchedule & { kind: 'recurring' },
  evaluation: CronEvaluation | null,
): MaintenanceSchedule {
  const cron = normalizeCron(schedule.cron);
  if (cron.length > MAX_CRON_LENGTH || /[^\x20-\x7e]/.test(cron) || cron.split(' ').length !== 5) {
    throw new DomainError(
      'MAINTENANCE.INVALID_CRON',
      'schedule.cron must have five fields: minute hour day month weekday',
      {
        field: 'schedule.cron',
      },
    );
  }
  if (!isKnownTimeZone(schedule.timeZone)) {
    throw new DomainError('MAINTENANCE.INVALID_TIME_ZONE', `Unknown time zone "${schedule.timeZone}"`, {
      field: 'schedule.timeZone',
    });
  }
  if (evaluation === null) throw new Error('A recurring window needs its cron evaluation');
  if (!evaluation.valid) {
    const timeZone = evaluation.problem === 'timeZone';
    throw new DomainError(
      timeZone ? 'MAINTENANCE.INVALID_TIME_ZONE' : 'MAINTENANCE.INVALID_CRON',
      evaluation.message,
      { field: timeZone ? 'schedule.timeZone' : 'schedule.cron' },
    );
  }
  if (evaluation.nextStartAt === null) {
    throw new DomainError('MAINTENANCE.CRON_NEVER_FIRES', `"${cron}" never fires`, {
      field: 'schedule.cron',
    });
  }
  const durationMinutes = requireIntegerIn(
    schedule.durationMinutes,
    1,
    MAX_OCCURRENCE_MINUTES,
    'MAINTENANCE.INVALID_DURATION',
    'schedule.durationMinutes',
  );
  return { kind: 'recurring', cron, timeZone: schedule.timeZone, durationMinutes };
}

/** Checks a schedule given at `now`; a recurring one with what the cron library made of it. */
export function normalizeMaintenanceSchedule(
  schedule: MaintenanceSchedule,
  evaluation: CronEvaluation | null,
  now: string,
): MaintenanceSchedule {
  return schedule.kind === 'once'
    ? normalizeOnce(schedule.from, schedule.until, now)
    : normalizeRecurring(schedule, evaluation);
}
