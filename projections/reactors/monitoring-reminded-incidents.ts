import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { type AlertMember, MONITORING_REMINDER_KIND } from './monitoring-alert-message.ts';
import { type MessageRow, REMINDED_INCIDENTS } from './monitoring-alert-tables.ts';

/** An own DOWN just told: its reminders run until it recovers, ends or is taken. */
export async function startReminders(
  member: AlertMember,
  message: Pick<MessageRow, 'message_key' | 'chat_id' | 'thread_id' | 'group_id' | 'group_name'>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
) {
  // A DOWN held back behind its parent is reminded of by the parent's reminders.
  if (member.state !== 'down' || member.suppressedBy !== null) return;
  await trx.query(
    `insert into ${tables.table(REMINDED_INCIDENTS)}
       (incident_id, check_id, server_name, group_name, chat_id, thread_id, message_key, down_since, group_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (incident_id) do nothing`,
    [
      member.incidentId,
      member.checkId,
      member.serverName,
      message.group_name,
      message.chat_id,
      message.thread_id,
      message.message_key,
      member.since,
      message.group_id,
    ],
  );
}

/**
 * No more reminders for the incident; one already written but not yet out (waiting behind its chat's order or
 * for a retry, not claimed by a sender) is dropped, so an ack or a recovery is not followed by a stale one.
 */
export async function endReminders(incidentId: string, trx: ProjectionTransaction, tables: ProjectionTables) {
  const { rows } = await trx.query<{ chat_id: string }>(
    `delete from ${tables.table(REMINDED_INCIDENTS)} where incident_id = $1 returning chat_id`,
    [incidentId],
  );
  const chatId = rows[0]?.chat_id;
  if (chatId === undefined) return;
  await trx.query(
    `update notifications.outbox
     set status = 'undeliverable', done_at = now(), last_error = 'the incident ended before its reminder went out'
     where status = 'pending' and chat_id = $2 and kind = $3 and params->>'incidentId' = $1
       and (claimed_until is null or claimed_until < now())`,
    [incidentId, chatId, MONITORING_REMINDER_KIND],
  );
}
