import type { CommandContext } from '../../../application/commands/index.ts';
import type { AlertIncident } from '../../../projections/index.ts';

/** What the alert's acknowledge button needs, handed in by the runtime. */
export interface MonitoringAlertActions {
  /** The incidents still down and untaken on the alert message that shows `incidentId`. */
  untakenIncidentsWith(incidentId: string): Promise<readonly AlertIncident[]>;
  /** Appends `IncidentAcknowledged` through the check's handler; refused when the incident is not open. */
  acknowledge(incident: AlertIncident, write: CommandContext): Promise<unknown>;
  /**
   * The button was pressed on message `messageId` of `chatId`: when that is not the message the outbox sent
   * for the alert showing `incidentId` (a copy of a send that timed out after delivery), it is noted as a copy,
   * so the alert's later edits edit it too.
   */
  notePressedMessage(incidentId: string, chatId: number, messageId: number): Promise<void>;
}
