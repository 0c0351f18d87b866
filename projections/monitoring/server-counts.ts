import { type Kysely, sql } from 'kysely';
import type { MonitoringDatabase } from './monitoring-tables.ts';

/** How many servers (not removed) a group holds, and how many of them are UP and DOWN now. */
export interface GroupServerCounts {
  /** `null`: the servers in no group (or in one removed since). */
  readonly groupId: string | null;
  readonly groupName: string | null;
  readonly servers: number;
  /** Active, with at least one check and every check UP. */
  readonly up: number;
  /** Active, with a check DOWN (the `serversDown` of a group's view). */
  readonly down: number;
}

/**
 * Every active group's counts (an empty group with zeros), then one row for the servers in no group when there
 * are any. Two queries whatever the number of servers: the counts are grouped in the database.
 */
export async function serverCountsByGroup(db: Kysely<MonitoringDatabase>): Promise<GroupServerCounts[]> {
  const groups = await db
    .selectFrom('monitoring.groups')
    .select(['id', 'name'])
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .execute();
  const counted = await db
    .selectFrom('monitoring.servers as s')
    .select((eb) => [
      's.group_id',
      eb.fn.countAll<string>().as('servers'),
      sql<string>`count(*) filter (where s.status = 'active'
        and exists (select 1 from monitoring.checks c where c.server_id = s.id and c.status = 'active')
        and not exists (select 1 from monitoring.checks c
          where c.server_id = s.id and c.status = 'active' and c.state <> 'up'))`.as('up'),
      sql<string>`count(*) filter (where s.status = 'active' and exists (
        select 1 from monitoring.checks c
        where c.server_id = s.id and c.status = 'active' and c.state = 'down'))`.as('down'),
    ])
    .where('s.status', '<>', 'removed')
    .groupBy('s.group_id')
    .execute();
  const byGroup = new Map(counted.map((row) => [row.group_id, row]));
  const zero = { servers: 0, up: 0, down: 0 };
  const countsOf = (row: { servers: string; up: string; down: string } | undefined) =>
    row === undefined ? zero : { servers: Number(row.servers), up: Number(row.up), down: Number(row.down) };
  const active = new Set(groups.map((group) => group.id));
  const rows: GroupServerCounts[] = groups.map((group) => ({
    groupId: group.id,
    groupName: group.name,
    ...countsOf(byGroup.get(group.id)),
  }));
  const ungrouped = { servers: 0, up: 0, down: 0 };
  for (const row of counted) {
    if (row.group_id !== null && active.has(row.group_id)) continue;
    const counts = countsOf(row);
    ungrouped.servers += counts.servers;
    ungrouped.up += counts.up;
    ungrouped.down += counts.down;
  }
  if (ungrouped.servers > 0) rows.push({ groupId: null, groupName: null, ...ungrouped });
  return rows;
}
