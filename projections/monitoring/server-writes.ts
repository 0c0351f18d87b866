import type { CheckSpec, ServerEvent } from '../../domain/monitoring/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './monitoring-event.ts';
import { CHECKS, SERVERS } from './monitoring-tables.ts';

/** New checks of a server, in one statement: `unknown` until their first result. */
async function insertChecks(
  serverId: string,
  checks: readonly CheckSpec[],
  at: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  if (checks.length === 0) return;
  await trx.query(
    `insert into ${tables.table(CHECKS)}
       (id, server_id, kind, definition, timing, status, state, state_since, created_at, updated_at)
     select id, $1, kind, definition, timing, 'active', 'unknown', $2, $2, $2
     from unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) as r(id, kind, definition, timing)`,
    [
      serverId,
      at,
      checks.map((check) => check.checkId),
      checks.map((check) => check.definition.kind),
      checks.map((check) => JSON.stringify(check.definition)),
      checks.map((check) => JSON.stringify(check.timing)),
    ],
  );
}

async function updateCheckSpecs(
  checks: readonly CheckSpec[],
  at: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  if (checks.length === 0) return;
  await trx.query(
    `update ${tables.table(CHECKS)} c
     set kind = r.kind, definition = r.definition, timing = r.timing, updated_at = $1
     from unnest($2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[]) as r(id, kind, definition, timing)
     where c.id = r.id`,
    [
      at,
      checks.map((check) => check.checkId),
      checks.map((check) => check.definition.kind),
      checks.map((check) => JSON.stringify(check.definition)),
      checks.map((check) => JSON.stringify(check.timing)),
    ],
  );
}

export async function applyServerEvent(
  event: Recorded<ServerEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const servers = tables.table(SERVERS);
  const checks = tables.table(CHECKS);
  const { serverId } = event.data;
  const update = (set: string, values: readonly unknown[]) =>
    trx.query(`update ${servers} set ${set}, updated_at = $2 where id = $1`, [serverId, event.at, ...values]);
  switch (event.type) {
    case 'ServerRegistered': {
      const { name, host, groupId, parentId } = event.data;
      await trx.query(
        `insert into ${servers} (id, name, host, group_id, parent_id, status, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'active', $6, $6)`,
        [serverId, name, host, groupId, parentId, event.at],
      );
      await insertChecks(serverId, event.data.checks, event.at, trx, tables);
      return;
    }
    case 'ServerRenamed':
      await update('name = $3', [event.data.to]);
      return;
    case 'ServerHostChanged':
      await update('host = $3', [event.data.to]);
      await updateCheckSpecs(event.data.checks, event.at, trx, tables);
      return;
    case 'CheckAdded':
      await insertChecks(serverId, [event.data.check], event.at, trx, tables);
      return;
    case 'CheckChanged':
      await updateCheckSpecs([event.data.check], event.at, trx, tables);
      return;
    case 'CheckRemoved':
      await trx.query(`update ${checks} set status = 'removed', updated_at = $2 where id = $1`, [
        event.data.checkId,
        event.at,
      ]);
      return;
    case 'ServerPaused':
      await update(`status = 'paused'`, []);
      return;
    case 'ServerResumed':
      await update(`status = 'active'`, []);
      return;
    case 'ServerMovedToGroup':
      await update('group_id = $3', [event.data.to]);
      return;
    case 'ServerParentChanged':
      await update('parent_id = $3', [event.data.to]);
      return;
    case 'ServerRemoved':
      await update(`status = 'removed'`, []);
      await trx.query(`update ${checks} set status = 'removed', updated_at = $2 where server_id = $1`, [
        serverId,
        event.at,
      ]);
      return;
    default:
      assertNever(event);
  }
}
