import type { ServerGroupEvent } from '../../domain/monitoring/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './monitoring-event.ts';
import { GROUPS } from './monitoring-tables.ts';

export async function applyGroupEvent(
  event: Recorded<ServerGroupEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const groups = tables.table(GROUPS);
  const { groupId } = event.data;
  const update = (set: string, values: readonly unknown[]) =>
    trx.query(`update ${groups} set ${set}, updated_at = $2 where id = $1`, [groupId, event.at, ...values]);
  switch (event.type) {
    case 'ServerGroupCreated':
      await trx.query(
        `insert into ${groups} (id, name, status_rule, status, created_at, updated_at)
         values ($1, $2, $3, 'active', $4, $4)`,
        [groupId, event.data.name, JSON.stringify(event.data.statusRule), event.at],
      );
      return;
    case 'ServerGroupRenamed':
      await update('name = $3', [event.data.to]);
      return;
    case 'ServerGroupAlertsRouted':
      await update('chat_id = $3, message_thread_id = $4', [
        event.data.to?.chatId ?? null,
        event.data.to?.messageThreadId ?? null,
      ]);
      return;
    case 'ServerGroupQuietHoursSet':
      await update('quiet_hours = $3', [event.data.to === null ? null : JSON.stringify(event.data.to)]);
      return;
    case 'ServerGroupStatusRuleSet':
      await update('status_rule = $3', [JSON.stringify(event.data.to)]);
      return;
    case 'ServerGroupRemoved':
      await update(`status = 'removed'`, []);
      return;
    default:
      assertNever(event);
  }
}
