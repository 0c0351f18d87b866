import type { ProjectionTransaction } from '../../application/ports/projector.ts';
import type { AlertMember } from './monitoring-alert-message.ts';

/** A check's open incident an alert message shows. */
export interface AlertIncident {
  readonly checkId: string;
  readonly serverId: string;
  readonly incidentId: string;
}

/**
 * The alert messages as the monitoring-notices reactor keeps them (its live tables), for the acknowledge
 * button: which incidents the message that shows `incidentId` still shows down and untaken.
 */
export function monitoringAlertQueries(pool: ProjectionTransaction) {
  return {
    async untakenIncidentsWith(incidentId: string): Promise<AlertIncident[]> {
      const { rows } = await pool.query<{ members: AlertMember[] }>(
        `select m.members from notifications.monitoring_alert_members i
         join notifications.monitoring_alert_messages m on m.message_key = i.message_key
         where i.incident_id = $1`,
        [incidentId],
      );
      const members = rows[0]?.members ?? [];
      // A DOWN held back behind its parent is taken with the parent's: it is not acknowledged on its own.
      return members
        .filter((m) => m.state === 'down' && m.suppressedBy === null && m.acknowledgedBy === null)
        .map(({ checkId, serverId, incidentId: id }) => ({ checkId, serverId, incidentId: id }));
    },
  };
}

export type MonitoringAlertQueries = ReturnType<typeof monitoringAlertQueries>;
