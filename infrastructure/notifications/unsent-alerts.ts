import type pg from 'pg';
import type { UnsentAlerts, UnsentAlertsReading } from '../../application/monitoring/self-watch/index.ts';
import { NO_RECIPIENT_CHAT } from '../../application/notifications/index.ts';

/** Counted exactly up to this many: past it, "1000 alerts" says enough. */
const COUNTED_UP_TO = 1000;
/** Telegram's answer as the sender keeps it (`403 Forbidden: bot was kicked`): printable ASCII, nothing else. */
const TELEGRAM_ANSWER = /^[1-5]\d\d [\x20-\x7e]{1,200}$/;

export interface UnsentAlertsOptions {
  /** The reactors whose rows are alerts (the monitoring notices'); other notices are not watched. */
  readonly reactors: readonly string[];
  /** An undeliverable row counts this long after its last try (default 15 min). */
  readonly undeliverableWindowMs?: number;
  /** A pending row whose try failed counts once written this long ago (default 2 min). */
  readonly retryingAfterMs?: number;
  /** Any pending row counts once written this long ago (default 10 min: the sender is stuck or absent). */
  readonly stuckAfterMs?: number;
}

/**
 * The alerts that did not reach their chat, read from `notifications.outbox` (its indexes on pending rows and
 * on `done_at` keep it small): undeliverable lately, pending after a failed try, or pending far too long.
 */
export function postgresUnsentAlerts(pool: pg.Pool, options: UnsentAlertsOptions): UnsentAlertsReading {
  const undeliverableMs = options.undeliverableWindowMs ?? 15 * 60_000;
  const retryingMs = options.retryingAfterMs ?? 2 * 60_000;
  const stuckMs = options.stuckAfterMs ?? 10 * 60_000;
  return {
    async unsentAlerts(now): Promise<UnsentAlerts> {
      const { rows } = await pool.query<{ unsent: number; oldest: Date | null; last_error: string | null }>(
        `with unsent as (
           select o.id, o.created_at, o.last_error from notifications.outbox o
           where o.reactor = any($2::text[]) and o.chat_id <> $7 and (
             (o.status = 'undeliverable' and o.done_at >= $1::timestamptz - $3 * interval '1 millisecond')
             or (o.status = 'pending' and o.last_error is not null
                 and o.created_at <= $1::timestamptz - $4 * interval '1 millisecond')
             or (o.status = 'pending' and o.created_at <= $1::timestamptz - $5 * interval '1 millisecond'))
           order by o.id desc
           limit $6)
         select count(*)::int as unsent, min(created_at) as oldest,
           (select u.last_error from unsent u where u.last_error is not null order by u.id desc limit 1) as last_error
         from unsent`,
        // An alert routed nowhere is set aside on purpose (logged, counted as unrouted): not a failing send.
        [
          now.toISOString(),
          options.reactors,
          undeliverableMs,
          retryingMs,
          stuckMs,
          COUNTED_UP_TO,
          NO_RECIPIENT_CHAT,
        ],
      );
      const row = rows[0];
      const lastError = row?.last_error ?? null;
      return {
        unsent: row?.unsent ?? 0,
        oldestAt: row?.oldest ?? null,
        lastError: lastError !== null && TELEGRAM_ANSWER.test(lastError) ? lastError : null,
      };
    },
  };
}
