import type pg from 'pg';
import { makeCheckStateCommands } from '../../application/monitoring/index.ts';
import type { EventStore } from '../../application/ports/index.ts';
import { monitoringAlertQueries } from '../../projections/index.ts';
import type { MonitoringAlertActions } from '../telegram/monitoring/index.ts';

/** The alert's acknowledge button: the reactor's messages to find the incidents, the checks' handler to take them. */
export function monitoringAlertActions(store: EventStore, pool: pg.Pool): MonitoringAlertActions {
  const checkStates = makeCheckStateCommands({ store });
  const queries = monitoringAlertQueries(pool);
  return {
    untakenIncidentsWith: (incidentId) => queries.untakenIncidentsWith(incidentId),
    notePressedMessage: (incidentId, chatId, messageId) =>
      queries.notePressedMessage(incidentId, chatId, messageId),
    acknowledge: (incident, write) =>
      checkStates.acknowledge(
        { checkId: incident.checkId, serverId: incident.serverId },
        incident.incidentId,
        write,
      ),
  };
}
