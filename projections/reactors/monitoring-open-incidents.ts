import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { MAX_SERVERS_PER_GROUP } from '../../domain/monitoring/index.ts';
import { OPEN_INCIDENTS } from './monitoring-alert-tables.ts';

/**
 * Every open incident as the reactor's events say (`OPEN_INCIDENTS`), whether it was told or not: who is down
 * now, and which DOWNs wait behind a parent that is down (`held_behind`), to be told once it is up again.
 */

export interface OpenIncident {
  incident_id: string;
  check_id: string;
  server_id: string;
  since: string;
  first_error: string;
}

export async function openIncident(
  incident: OpenIncident & { held_behind: string | null },
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `insert into ${tables.table(OPEN_INCIDENTS)} (incident_id, check_id, server_id, since, first_error, held_behind)
     values ($1, $2, $3, $4, $5, $6) on conflict (incident_id) do nothing`,
    [
      incident.incident_id,
      incident.check_id,
      incident.server_id,
      incident.since,
      incident.first_error,
      incident.held_behind,
    ],
  );
}

export async function closeIncident(
  incidentId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(`delete from ${tables.table(OPEN_INCIDENTS)} where incident_id = $1`, [incidentId]);
}

/** Whether any check of the server has an open incident. */
export async function serverIsDown(
  serverId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<boolean> {
  const { rows } = await trx.query(
    `select 1 from ${tables.table(OPEN_INCIDENTS)} where server_id = $1 limit 1`,
    [serverId],
  );
  return rows.length > 0;
}

/**
 * Releases the DOWNs held behind `parentId` (now up): they are no longer held and are returned to be told.
 * Bounded: a parent's children are servers, at most a group's worth per call (the rest stay held, a rare case
 * of a parent of more than 1,000 servers, told at the parent's next recovery).
 */
export async function releaseHeldBehind(
  parentId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<OpenIncident[]> {
  const open = tables.table(OPEN_INCIDENTS);
  const { rows } = await trx.query<OpenIncident>(
    `update ${open} o set held_behind = null
     from (select incident_id from ${open} where held_behind = $1 order by since, incident_id limit $2) h
     where o.incident_id = h.incident_id
     returning o.incident_id, o.check_id, o.server_id,
       to_char(o.since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as since, o.first_error`,
    [parentId, MAX_SERVERS_PER_GROUP],
  );
  // `returning` keeps no order: sorted, so a replay tells them in the same order.
  const key = (row: OpenIncident) => `${row.since} ${row.incident_id}`;
  return rows.sort((a, b) => key(a).localeCompare(key(b)));
}
