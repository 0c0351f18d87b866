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

    /**
     * Notes message `messageId` as a copy of the alert showing `incidentId` unless the outbox sent or edited it
     * as that alert (then it is the message itself). Nothing for an incident the reactor has no message of.
     */
    async notePressedMessage(incidentId: string, chatId: number, messageId: number): Promise<void> {
      await pool.query(
        `insert into notifications.outbox_copies (chat_id, message_id, copy_of)
         select $2, $3, i.message_key from notifications.monitoring_alert_members i
         where i.incident_id = $1
           and not exists (
             select 1 from notifications.outbox o
             where (o.dedupe_key = i.message_key or o.edits = i.message_key) and o.chat_id = $2
               and o.message_id = $3)
         on conflict do nothing`,
        [incidentId, chatId, messageId],
      );
    },
  };
}

export type MonitoringAlertQueries = ReturnType<typeof monitoringAlertQueries>;
