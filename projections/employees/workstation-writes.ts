import type { WorkstationEvent, WorkstationField } from '../../domain/employees/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './employees-event.ts';
import { WORKSTATIONS, type WorkstationsTable } from './employees-tables.ts';

type WorkstationRegistered = Recorded<Extract<WorkstationEvent, { type: 'WorkstationRegistered' }>>;

const COLUMN: Readonly<Record<WorkstationField, keyof WorkstationsTable>> = {
  hostname: 'hostname',
  ip: 'ip',
  inventoryNumber: 'inventory_number',
};

/** A run of registered workstations in one statement. Host names and addresses are kept lower case. */
export async function insertWorkstations(
  events: readonly WorkstationRegistered[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `insert into ${tables.table(WORKSTATIONS)}
       (id, hostname, ip, inventory_number, employee_id, status, created_at, updated_at)
     select id, lower(hostname), lower(ip), inventory_number, employee_id, 'active', at, at
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[])
       as r(id, hostname, ip, inventory_number, employee_id, at)`,
    [
      events.map((e) => e.data.workstationId),
      events.map((e) => e.data.details.hostname),
      events.map((e) => e.data.details.ip),
      events.map((e) => e.data.details.inventoryNumber),
      events.map((e) => e.data.employeeId),
      events.map((e) => e.at),
    ],
  );
}

export async function applyWorkstationEvent(
  event: Recorded<WorkstationEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const workstations = tables.table(WORKSTATIONS);
  switch (event.type) {
    case 'WorkstationRegistered':
      return insertWorkstations([event], trx, tables);
    case 'WorkstationDetailsChanged': {
      const params: unknown[] = [event.data.workstationId, event.at];
      const sets = event.data.changes.map(({ field, to }) => {
        params.push(to ?? null);
        const value = `$${params.length}::text`;
        return `${COLUMN[field]} = ${field === 'inventoryNumber' ? value : `lower(${value})`}`;
      });
      await trx.query(
        `update ${workstations} set ${[...sets, 'updated_at = $2'].join(', ')} where id = $1`,
        params,
      );
      return;
    }
    case 'WorkstationAssigned':
      await trx.query(`update ${workstations} set employee_id = $2, updated_at = $3 where id = $1`, [
        event.data.workstationId,
        event.data.to,
        event.at,
      ]);
      return;
    case 'WorkstationRetired':
      await trx.query(`update ${workstations} set status = 'retired', updated_at = $2 where id = $1`, [
        event.data.workstationId,
        event.at,
      ]);
      return;
    default:
      assertNever(event);
  }
}
