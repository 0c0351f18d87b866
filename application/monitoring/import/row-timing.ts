import { type CheckTiming, normalizeCheckTiming } from '../../../domain/monitoring/index.ts';
import type { RowTiming } from './server-sheet.ts';

/** The longest default timeout: a check that names none gives up after 10 s (as the API's default). */
const DEFAULT_MAX_TIMEOUT_SECONDS = 10;

/**
 * A check's timing from what its row says, then what the check has now (an existing check keeps what the
 * row leaves out), then the defaults the API uses: the interval of `monitoring.checkIntervalSeconds`, the
 * retry interval the same, a timeout below both (at most 10 s), one silent retry, no reminders. A kept
 * timeout that no longer fits a shorter interval is replaced by the default one. Checked as the domain
 * checks it: throws its refusal.
 */
export function resolveTiming(
  row: RowTiming,
  current: CheckTiming | undefined,
  defaultIntervalSeconds: number,
): CheckTiming {
  const intervalSeconds = row.intervalSeconds ?? current?.intervalSeconds ?? defaultIntervalSeconds;
  const retryIntervalSeconds = row.intervalSeconds ?? current?.retryIntervalSeconds ?? intervalSeconds;
  const fitting = Math.max(
    1,
    Math.min(DEFAULT_MAX_TIMEOUT_SECONDS, intervalSeconds - 1, retryIntervalSeconds - 1),
  );
  const kept = current?.timeoutSeconds;
  const timeoutSeconds =
    row.timeoutSeconds ??
    (kept !== undefined && kept < Math.min(intervalSeconds, retryIntervalSeconds) ? kept : fitting);
  return normalizeCheckTiming(
    {
      intervalSeconds,
      retryIntervalSeconds,
      timeoutSeconds,
      retries: row.retries ?? current?.retries ?? 1,
      resendIntervalSeconds: row.resendIntervalSeconds ?? current?.resendIntervalSeconds ?? 0,
    },
    'timing',
  );
}

/** The sheet column a domain refusal of a timing field is about. */
export function timingColumn(field: unknown): 'interval' | 'timeout' | 'retries' | 'resend' {
  const name = typeof field === 'string' ? field : '';
  if (name.endsWith('timeoutSeconds')) return 'timeout';
  if (name.endsWith('.retries')) return 'retries';
  if (name.endsWith('resendIntervalSeconds')) return 'resend';
  return 'interval';
}
