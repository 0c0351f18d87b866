import type { CheckStateEvent, ClosedIncident } from '../../domain/monitoring/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { type Recorded, keptActorName } from './monitoring-event.ts';
import { CHECKS, INCIDENTS, type IncidentCloseReason } from './monitoring-tables.ts';

/** An incident that a maintenance, a pause or a removal ended without a recovery. */
async function closeSilently(
  incident: ClosedIncident | null,
  reason: IncidentCloseReason,
  at: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  if (incident === null) return;
  await trx.query(
    `update ${tables.table(INCIDENTS)}
     set closed_at = $2, close_reason = $3,
         duration_seconds = greatest(0, round(extract(epoch from ($2::timestamptz - opened_at))))::integer
     where id = $1 and closed_at is null`,
    [incident.incidentId, at, reason],
  );
}

/**
 * A check's state as its state stream changes it. Rows of checks come from the server's stream first (a
 * check's state stream begins after its server is registered); a state event of a check the table lacks
 * updates nothing.
 */
export async function applyCheckStateEvent(
  event: Recorded<CheckStateEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const checks = tables.table(CHECKS);
  const incidents = tables.table(INCIDENTS);
  const { checkId } = event.data;
  /** `$1` the check, `$2` the time of the event, then `values`. */
  const setState = (set: string, values: readonly unknown[] = []) =>
    trx.query(`update ${checks} set ${set}, updated_at = $2 where id = $1`, [checkId, event.at, ...values]);
  const fresh = `failures = 0, first_error = null, last_error = null, open_incident_id = null,
    maintenance_window_ids = '[]'`;
  switch (event.type) {
    case 'CheckWentUp':
      await setState(`state = 'up', state_since = $3, ${fresh}`, [event.data.at]);
      return;
    case 'CheckWentPending': {
      const { failures, error, failingSince } = event.data;
      await setState(
        `state = 'pending', state_since = $3, failures = $4, last_error = $5,
         first_error = case when state = 'pending' then coalesce(first_error, $5) else $5 end`,
        [failingSince, failures, error],
      );
      return;
    }
    case 'ServerWentDown': {
      const { incidentId, serverId, error, failingSince, firstError, parentDown } = event.data;
      await trx.query(
        `insert into ${incidents} (id, check_id, server_id, opened_at, failing_since, first_error, parent_down_id)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing`,
        [
          incidentId,
          checkId,
          serverId,
          event.data.at,
          failingSince,
          firstError,
          parentDown?.serverId ?? null,
        ],
      );
      await setState(
        `state = 'down', state_since = $3, failures = 0, first_error = $4, last_error = $5,
         open_incident_id = $6`,
        [event.data.at, firstError, error, incidentId],
      );
      return;
    }
    case 'ServerRecovered': {
      const { incidentId, downForSeconds } = event.data;
      await trx.query(
        `update ${incidents} set closed_at = $2, close_reason = 'recovered', duration_seconds = $3
         where id = $1`,
        [incidentId, event.data.at, downForSeconds],
      );
      await setState(`state = 'up', state_since = $3, ${fresh}`, [event.data.at]);
      return;
    }
    case 'MaintenanceStarted': {
      const { windowId, closedIncident } = event.data;
      // A window that starts while paused is remembered for the resume (which says so); the check stays paused.
      if (event.data.from === 'paused') return;
      await closeSilently(closedIncident, 'maintenance', event.data.at, trx, tables);
      await setState(
        `state_since = case when state = 'maintenance' then state_since else $3 end, state = 'maintenance',
         failures = 0, first_error = null, last_error = null, open_incident_id = null,
         maintenance_window_ids = case when maintenance_window_ids ? $4 then maintenance_window_ids
           else maintenance_window_ids || to_jsonb($4::text) end`,
        [event.data.at, windowId],
      );
      return;
    }
    case 'MaintenanceEnded': {
      const { remainingWindowIds } = event.data;
      if (remainingWindowIds.length > 0) {
        await setState('maintenance_window_ids = $3', [JSON.stringify(remainingWindowIds)]);
      } else {
        // A window that ends while paused leaves the check paused.
        await setState(
          `state_since = case when state = 'paused' then state_since else $3 end,
           state = case when state = 'paused' then state else 'unknown' end, ${fresh}`,
          [event.data.at],
        );
      }
      return;
    }
    case 'CheckPaused':
      await closeSilently(event.data.closedIncident, 'paused', event.data.at, trx, tables);
      await setState(`state = 'paused', state_since = $3, ${fresh}`, [event.data.at]);
      return;
    case 'CheckResumed': {
      const windowIds = event.data.windowIds ?? [];
      if (windowIds.length > 0) {
        await setState(
          `state = 'maintenance', state_since = $3, failures = 0, first_error = null, last_error = null,
           open_incident_id = null, maintenance_window_ids = $4`,
          [event.data.at, JSON.stringify(windowIds)],
        );
      } else {
        await setState(`state = 'unknown', state_since = $3, ${fresh}`, [event.data.at]);
      }
      return;
    }
    case 'IncidentAcknowledged':
      await trx.query(
        `update ${incidents}
         set acknowledged_at = $2, acknowledged_by_kind = $3, acknowledged_by_id = $4, acknowledged_by_name = $5
         where id = $1`,
        [event.data.incidentId, event.data.at, event.actor.kind, event.actor.id, keptActorName(event.actor)],
      );
      return;
    case 'CheckRetired':
      await closeSilently(event.data.closedIncident, 'retired', event.data.at, trx, tables);
      await setState(`state = 'retired', state_since = $3, ${fresh}`, [event.data.at]);
      return;
    case 'CertificateExpiring':
      await setState('certificate_valid_to = $3, certificate_expiring = true', [event.data.validTo]);
      return;
    case 'CertificateRenewed':
      await setState('certificate_valid_to = $3, certificate_expiring = false', [event.data.validTo]);
      return;
    default:
      assertNever(event);
  }
}
