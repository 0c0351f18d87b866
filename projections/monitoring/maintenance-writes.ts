import type { MaintenanceWindowEvent } from '../../domain/monitoring/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { type Recorded, keptActorName } from './monitoring-event.ts';
import { MAINTENANCE_WINDOWS } from './monitoring-tables.ts';

export async function applyMaintenanceEvent(
  event: Recorded<MaintenanceWindowEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const windows = tables.table(MAINTENANCE_WINDOWS);
  switch (event.type) {
    case 'MaintenanceWindowScheduled': {
      const { windowId, target, schedule, reason } = event.data;
      await trx.query(
        `insert into ${windows}
           (id, target_kind, server_id, group_id, schedule, reason, status, created_by_kind, created_by_id,
            created_by_name, created_at)
         values ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8, $9, $10)`,
        [
          windowId,
          target.kind,
          target.kind === 'server' ? target.serverId : null,
          target.kind === 'group' ? target.groupId : null,
          JSON.stringify(schedule),
          reason,
          event.actor.kind,
          event.actor.id,
          keptActorName(event.actor),
          event.at,
        ],
      );
      return;
    }
    case 'MaintenanceWindowEnded':
      await trx.query(`update ${windows} set status = 'ended', ended_at = $2 where id = $1`, [
        event.data.windowId,
        event.data.at,
      ]);
      return;
    default:
      assertNever(event);
  }
}
