import { type LeasedPeriodicTask, leasedPeriodicTask } from '../../application/periodic-tasks/index.ts';
import type { LeaseManager, Logger } from '../../application/ports/index.ts';
import type { ProjectionTransaction } from '../../application/ports/projector.ts';
import { MONITORING_REMINDER_KIND } from './monitoring-alert-message.ts';
import { ALERT_CHECKS, GROUPS, REMINDED_INCIDENTS } from './monitoring-alert-tables.ts';
import { monitoringNoticesReactor } from './monitoring-notices-reactor.ts';

/** Reminders written per run at most; the rest are due still and go in the next run. */
const MAX_PER_RUN = 500;
const LEASE = 'monitoring:reminders';
const UNDEFINED_TABLE = '42P01';

/**
 * Writes the reminders due at `now` into the outbox: for each open, untaken incident with an alert of its own
 * (the monitoring-notices reactor's live tables), the latest reminder number n ≥ 1 whose time
 * (DOWN + n × the check's resend interval) has come, once: the dedupe key `<incidentId>:monitoring:reminder:<n>`
 * is inserted if absent, so two nodes, a retried run or a restart never send reminder n twice. A run that
 * comes late (every node down for a while) sends the current number only, not the ones it missed.
 * Returns how many rows it wrote.
 */
export async function writeDueReminders(pool: ProjectionTransaction, now: Date): Promise<number> {
  const reminded = `notifications.${REMINDED_INCIDENTS}`;
  const checks = `notifications.${ALERT_CHECKS}`;
  const groups = `notifications.${GROUPS}`;
  const { rowCount } = await pool.query(
    `with due as (
       select r.*, c.resend_seconds, d.n, r.incident_id || ':monitoring:reminder:' || d.n as dedupe_key
       from ${reminded} r
       join ${checks} c on c.check_id = r.check_id and c.resend_seconds > 0
       cross join lateral (
         select floor(extract(epoch from ($1::timestamptz - r.down_since)) / c.resend_seconds)::bigint as n) d
       where d.n >= 1)
     insert into notifications.outbox (dedupe_key, reactor, kind, chat_id, thread_id, params, replies_to, silent)
     select due.dedupe_key, $2, $3, due.chat_id, due.thread_id,
       jsonb_build_object('incidentId', due.incident_id, 'serverName', due.server_name,
         'groupName', due.group_name, 'since', to_char(due.down_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'reminder', due.n, 'downForSeconds', due.n * due.resend_seconds),
       due.message_key,
       -- Inside the group's quiet hours at the reminder's own due time (not the run's): without a sound.
       coalesce((select case when q.f < q.u then q.t >= q.f and q.t < q.u else q.t >= q.f or q.t < q.u end
         from (select to_char((due.down_since + due.n * due.resend_seconds * interval '1 second')
                   at time zone (g.quiet_hours->>'timeZone'), 'HH24:MI') as t,
                 g.quiet_hours->>'from' as f, g.quiet_hours->>'until' as u) q), false)
     from due
     left join ${groups} g on g.group_id = due.group_id and g.quiet_hours is not null
     where not exists (select 1 from notifications.outbox o where o.dedupe_key = due.dedupe_key)
     order by due.down_since
     limit $4
     on conflict (dedupe_key) do nothing`,
    [now.toISOString(), monitoringNoticesReactor.name, MONITORING_REMINDER_KIND, MAX_PER_RUN],
  );
  return rowCount ?? 0;
}

export interface MonitoringRemindersOptions {
  readonly pool: ProjectionTransaction;
  readonly leases: LeaseManager;
  /** How often one node of the cluster looks for due reminders (default 30 s: a reminder is at most that late). */
  readonly everyMs?: number;
  readonly now?: () => Date;
  readonly logger: Logger;
}

/** One run under the lease (the rows written, `null` when another node holds the duty), or runs every `everyMs`. */
export type MonitoringReminders = LeasedPeriodicTask<number>;

/**
 * The reminders' timer: one node at a time (`leasedPeriodicTask`); the dedupe keys make a second runner
 * harmless anyway.
 */
export function monitoringReminders(options: MonitoringRemindersOptions): MonitoringReminders {
  const now = options.now ?? (() => new Date());
  const { logger } = options;
  return leasedPeriodicTask({
    lease: LEASE,
    leases: options.leases,
    everyMs: options.everyMs ?? 30_000,
    logger,
    failureMessage: 'monitoring reminders failed; the next run tries again',
    async run() {
      try {
        const written = await writeDueReminders(options.pool, now());
        if (written > 0) logger.info({ written }, 'monitoring reminders written');
        return written;
      } catch (error) {
        // The reactor has not made its tables yet (its first start, or its upgrade to version 2 still
        // rebuilding): nothing to remind of until it has.
        if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return 0;
        throw error;
      }
    },
  });
}
