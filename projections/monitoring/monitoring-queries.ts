import { type Kysely, type Selectable, sql } from 'kysely';
import type { ServerGroupMembers } from '../../application/monitoring/index.ts';
import { isGroupDown } from '../../domain/monitoring/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import { type ActorNamesDatabase, resolveActorNames } from '../audit/audit-actor-names.ts';
import type {
  ChecksTable,
  GroupsTable,
  IncidentsTable,
  MaintenanceWindowsTable,
  MonitoringDatabase,
  ServersTable,
} from './monitoring-tables.ts';
import type {
  CheckDefinitionView,
  CheckView,
  GroupView,
  IncidentView,
  MaintenanceWindowView,
  Paging,
  ServerStateName,
  ServerView,
} from './monitoring-views.ts';

export type * from './monitoring-views.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** Worst first: the server shows the state of its worst check. */
const SEVERITY: readonly ServerStateName[] = ['down', 'maintenance', 'pending', 'unknown', 'up'];

const definitionView = (row: Selectable<ChecksTable>): CheckDefinitionView =>
  row.definition.kind === 'push' ? { kind: 'push' } : row.definition;

const checkView = (row: Selectable<ChecksTable>): CheckView => ({
  checkId: row.id,
  serverId: row.server_id,
  definition: definitionView(row),
  timing: row.timing,
  state: row.state,
  stateSince: iso(row.state_since),
  failures: row.failures,
  firstError: row.first_error,
  lastError: row.last_error,
  openIncidentId: row.open_incident_id,
  certificate:
    row.certificate_valid_to === null
      ? null
      : { validTo: iso(row.certificate_valid_to), expiring: row.certificate_expiring },
});

function serverState(server: Selectable<ServersTable>, checks: readonly CheckView[]) {
  const updatedAt = iso(server.updated_at);
  if (server.status !== 'active') {
    // A removed server shows how it was left; a paused one is paused since it was changed last.
    return { state: 'paused' as const, stateSince: updatedAt };
  }
  for (const state of SEVERITY) {
    const inState = checks.filter((check) => check.state === state);
    if (inState.length > 0) {
      const stateSince = inState.map((check) => check.stateSince).sort()[0] ?? updatedAt;
      return { state, stateSince };
    }
  }
  return { state: 'unknown' as const, stateSince: updatedAt };
}

const serverView = (row: Selectable<ServersTable>, checks: readonly CheckView[]): ServerView => ({
  serverId: row.id,
  name: row.name,
  host: row.host,
  groupId: row.group_id,
  parentId: row.parent_id,
  status: row.status,
  ...serverState(row, checks),
  checks,
  updatedAt: iso(row.updated_at),
});

type IncidentRow = Selectable<IncidentsTable> & { server_name: string | null };

/** An actor as `resolveActorNames` reads it. */
interface ActorRow {
  readonly actor_kind: Actor['kind'];
  readonly actor_id: string;
  readonly actor_name: string | null;
}

const actorView = (row: ActorRow) => ({ kind: row.actor_kind, id: row.actor_id, name: row.actor_name });

const incidentView = (row: IncidentRow & ActorRow, asOf: Date): IncidentView => ({
  incidentId: row.id,
  checkId: row.check_id,
  serverId: row.server_id,
  serverName: row.server_name,
  openedAt: iso(row.opened_at),
  failingSince: iso(row.failing_since),
  firstError: row.first_error,
  parentDownId: row.parent_down_id,
  acknowledgedAt: isoOrNull(row.acknowledged_at),
  acknowledgedBy: row.acknowledged_by_kind === null ? null : actorView(row),
  closedAt: isoOrNull(row.closed_at),
  closeReason: row.close_reason,
  durationSeconds:
    row.duration_seconds ?? Math.max(0, Math.round((asOf.getTime() - row.opened_at.getTime()) / 1000)),
});

const windowView = (row: Selectable<MaintenanceWindowsTable> & ActorRow): MaintenanceWindowView => ({
  windowId: row.id,
  target:
    row.target_kind === 'server'
      ? { kind: 'server', serverId: row.server_id ?? '' }
      : { kind: 'group', groupId: row.group_id ?? '' },
  schedule: row.schedule,
  reason: row.reason,
  status: row.status,
  endedAt: isoOrNull(row.ended_at),
  createdBy: actorView(row),
  createdAt: iso(row.created_at),
});

const groupView = (row: Selectable<GroupsTable>, servers: number, serversDown: number): GroupView => ({
  groupId: row.id,
  name: row.name,
  alertRoute:
    row.chat_id === null
      ? null
      : {
          chatId: Number(row.chat_id),
          messageThreadId: row.message_thread_id === null ? null : Number(row.message_thread_id),
        },
  quietHours: row.quiet_hours,
  statusRule: row.status_rule,
  status: row.status,
  servers,
  serversDown,
  down: isGroupDown(row.status_rule, serversDown, servers),
});

export interface ServerFilter extends Paging {
  readonly groupId?: string | undefined;
  readonly includeRemoved?: boolean | undefined;
}

export interface IncidentFilter extends Paging {
  /** Only open incidents (`true`), only closed ones (`false`), or both. */
  readonly open?: boolean | undefined;
  readonly serverId?: string | undefined;
}

export interface MaintenanceFilter extends Paging {
  readonly includeEnded?: boolean | undefined;
  readonly serverId?: string | undefined;
  readonly groupId?: string | undefined;
}

/** The reads of the monitoring read model, for the API and the bot; `countServers` for a group's removal. */
export function monitoringQueries(
  db: Kysely<MonitoringDatabase & ActorNamesDatabase>,
  clock: () => Date = () => new Date(),
) {
  /** Incidents with who took them, a person by the name the users' read models know. */
  const named = {
    incidents: async (rows: readonly IncidentRow[]) =>
      resolveActorNames(
        db,
        rows.map((row) => ({
          ...row,
          // Nobody took it: `system` names no one to look up.
          actor_kind: row.acknowledged_by_kind ?? 'system',
          actor_id: row.acknowledged_by_id ?? '',
          actor_name: row.acknowledged_by_name,
        })),
      ),
    windows: async (rows: readonly Selectable<MaintenanceWindowsTable>[]) =>
      resolveActorNames(
        db,
        rows.map((row) => ({
          ...row,
          actor_kind: row.created_by_kind,
          actor_id: row.created_by_id,
          actor_name: row.created_by_name,
        })),
      ),
  };

  /** Active checks of `serverIds`, by server. */
  async function checksOf(serverIds: readonly string[]): Promise<Map<string, CheckView[]>> {
    const byServer = new Map<string, CheckView[]>();
    if (serverIds.length === 0) return byServer;
    const rows = await db
      .selectFrom('monitoring.checks')
      .selectAll()
      .where('server_id', 'in', serverIds)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = byServer.get(row.server_id) ?? [];
      list.push(checkView(row));
      byServer.set(row.server_id, list);
    }
    return byServer;
  }

  async function servers(rows: readonly Selectable<ServersTable>[]): Promise<ServerView[]> {
    const checks = await checksOf(rows.map((row) => row.id));
    return rows.map((row) => serverView(row, checks.get(row.id) ?? []));
  }

  /** Per group: its servers not removed, and those DOWN (active, with a check DOWN). */
  async function groupCounts(groupIds: readonly string[]) {
    const counts = new Map<string, { servers: number; down: number }>();
    if (groupIds.length === 0) return counts;
    const rows = await db
      .selectFrom('monitoring.servers as s')
      .select((eb) => [
        's.group_id',
        eb.fn.countAll<string>().as('servers'),
        sql<string>`count(*) filter (where s.status = 'active' and exists (
          select 1 from monitoring.checks c
          where c.server_id = s.id and c.status = 'active' and c.state = 'down'))`.as('down'),
      ])
      .where('s.group_id', 'in', groupIds)
      .where('s.status', '<>', 'removed')
      .groupBy('s.group_id')
      .execute();
    for (const row of rows) {
      if (row.group_id !== null)
        counts.set(row.group_id, { servers: Number(row.servers), down: Number(row.down) });
    }
    return counts;
  }

  async function groups(rows: readonly Selectable<GroupsTable>[]): Promise<GroupView[]> {
    const counts = await groupCounts(rows.map((row) => row.id));
    return rows.map((row) => {
      const count = counts.get(row.id);
      return groupView(row, count?.servers ?? 0, count?.down ?? 0);
    });
  }

  const incidents = () =>
    db
      .selectFrom('monitoring.incidents as i')
      .leftJoin('monitoring.servers as s', 's.id', 'i.server_id')
      .selectAll('i')
      .select('s.name as server_name');

  const members: ServerGroupMembers = {
    async countServers(groupId) {
      if (!UUID.test(groupId)) return 0;
      const row = await db
        .selectFrom('monitoring.servers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('group_id', '=', groupId)
        .where('status', '<>', 'removed')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };

  return {
    ...members,

    async listGroups(options: { includeRemoved?: boolean } = {}): Promise<GroupView[]> {
      let query = db.selectFrom('monitoring.groups').selectAll();
      if (!(options.includeRemoved ?? false)) query = query.where('status', '=', 'active');
      return groups(await query.orderBy('name').orderBy('id').execute());
    },

    async getGroup(groupId: string): Promise<GroupView | null> {
      if (!UUID.test(groupId)) return null;
      const row = await db
        .selectFrom('monitoring.groups')
        .selectAll()
        .where('id', '=', groupId)
        .executeTakeFirst();
      return row ? ((await groups([row]))[0] ?? null) : null;
    },

    async listServers(filter: ServerFilter): Promise<ServerView[]> {
      let query = db.selectFrom('monitoring.servers').selectAll();
      if (filter.groupId !== undefined) query = query.where('group_id', '=', filter.groupId);
      if (!(filter.includeRemoved ?? false)) query = query.where('status', '<>', 'removed');
      const rows = await query
        .orderBy('name')
        .orderBy('id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      return servers(rows);
    },

    async getServer(serverId: string): Promise<ServerView | null> {
      if (!UUID.test(serverId)) return null;
      const row = await db
        .selectFrom('monitoring.servers')
        .selectAll()
        .where('id', '=', serverId)
        .executeTakeFirst();
      return row ? ((await servers([row]))[0] ?? null) : null;
    },

    /** The check with its server's id, active or removed (an incident's check may be gone). */
    async getCheck(checkId: string): Promise<(CheckView & { readonly removed: boolean }) | null> {
      if (!UUID.test(checkId)) return null;
      const row = await db
        .selectFrom('monitoring.checks')
        .selectAll()
        .where('id', '=', checkId)
        .executeTakeFirst();
      return row ? { ...checkView(row), removed: row.status === 'removed' } : null;
    },

    async listIncidents(filter: IncidentFilter): Promise<IncidentView[]> {
      let query = incidents();
      if (filter.open !== undefined) {
        query = query.where('i.closed_at', filter.open ? 'is' : 'is not', null);
      }
      if (filter.serverId !== undefined) query = query.where('i.server_id', '=', filter.serverId);
      const rows = await query
        .orderBy('i.opened_at', 'desc')
        .orderBy('i.id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      const asOf = clock();
      return (await named.incidents(rows)).map((row) => incidentView(row, asOf));
    },

    async getIncident(incidentId: string): Promise<IncidentView | null> {
      const row = await incidents().where('i.id', '=', incidentId).executeTakeFirst();
      const [shown] = row ? await named.incidents([row]) : [];
      return shown ? incidentView(shown, clock()) : null;
    },

    async listMaintenanceWindows(filter: MaintenanceFilter): Promise<MaintenanceWindowView[]> {
      let query = db.selectFrom('monitoring.maintenance_windows').selectAll();
      if (!(filter.includeEnded ?? false)) query = query.where('status', '=', 'scheduled');
      if (filter.serverId !== undefined) query = query.where('server_id', '=', filter.serverId);
      if (filter.groupId !== undefined) query = query.where('group_id', '=', filter.groupId);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      return (await named.windows(rows)).map(windowView);
    },

    async getMaintenanceWindow(windowId: string): Promise<MaintenanceWindowView | null> {
      if (!UUID.test(windowId)) return null;
      const row = await db
        .selectFrom('monitoring.maintenance_windows')
        .selectAll()
        .where('id', '=', windowId)
        .executeTakeFirst();
      const [shown] = row ? await named.windows([row]) : [];
      return shown ? windowView(shown) : null;
    },
  };
}

export type MonitoringQueries = ReturnType<typeof monitoringQueries>;
