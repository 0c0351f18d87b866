import type { ColumnType } from 'kysely';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { quoteIdentifier } from '../../application/ports/projection-tables.ts';
import type {
  CheckDefinition,
  CheckTiming,
  GroupStatusRule,
  MaintenanceSchedule,
  QuietHours,
} from '../../domain/monitoring/index.ts';
import type { Actor } from '../../domain/shared/index.ts';

/** The schema of the monitoring read model (created by the first migration, with the others). */
export const MONITORING_SCHEMA = 'monitoring';

export const GROUPS = 'groups';
export const SERVERS = 'servers';
/** One row per check: its definition and timing (from the server's stream) and its state (its own stream). */
export const CHECKS = 'checks';
export const INCIDENTS = 'incidents';
export const MAINTENANCE_WINDOWS = 'maintenance_windows';

/** The live tables as the queries name them (a rebuild writes beside them, then takes their names). */
export const GROUPS_TABLE = `${MONITORING_SCHEMA}.${GROUPS}` as const;
export const SERVERS_TABLE = `${MONITORING_SCHEMA}.${SERVERS}` as const;
export const CHECKS_TABLE = `${MONITORING_SCHEMA}.${CHECKS}` as const;
export const INCIDENTS_TABLE = `${MONITORING_SCHEMA}.${INCIDENTS}` as const;
export const MAINTENANCE_WINDOWS_TABLE = `${MONITORING_SCHEMA}.${MAINTENANCE_WINDOWS}` as const;

/** A `timestamptz`: read as a `Date`, written as the event's ISO time. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** A `jsonb` column: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** A `bigint`: the driver reads it as text (a Telegram chat id does not fit an int4). */
type BigInt = ColumnType<string, number | string, number | string>;

export interface GroupsTable {
  id: string;
  name: string;
  /** The alert route; both null: alerts go nowhere. */
  chat_id: BigInt | null;
  message_thread_id: BigInt | null;
  quiet_hours: Json<QuietHours | null>;
  status_rule: Json<GroupStatusRule>;
  status: 'active' | 'removed';
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServersTable {
  id: string;
  name: string;
  host: string;
  group_id: string | null;
  parent_id: string | null;
  status: 'active' | 'paused' | 'removed';
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** What a check is now, as its state stream says: the decider's states, `unknown` before a first result. */
export type CheckStateName = 'unknown' | 'up' | 'pending' | 'down' | 'maintenance' | 'paused' | 'retired';

export interface ChecksTable {
  id: string;
  server_id: string;
  kind: CheckDefinition['kind'];
  definition: Json<CheckDefinition>;
  timing: Json<CheckTiming>;
  /** `removed`: the check (or its server) is gone; its incidents stay. */
  status: 'active' | 'removed';
  state: CheckStateName;
  state_since: Timestamp;
  /** Failures in a row while PENDING (0 otherwise). */
  failures: number;
  /** The first error of the current failing run (PENDING or DOWN), and the latest one. */
  first_error: string | null;
  last_error: string | null;
  open_incident_id: string | null;
  /** The maintenance windows on for it while in MAINTENANCE. */
  maintenance_window_ids: Json<string[]>;
  /** An HTTPS check's certificate, once a warning was due: its end, and whether it is still expiring. */
  certificate_valid_to: NullableTimestamp;
  certificate_expiring: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** How an incident ended: the check came back, or maintenance, a pause or a removal ended it silently. */
export type IncidentCloseReason = 'recovered' | 'maintenance' | 'paused' | 'retired';

export interface IncidentsTable {
  /** `checkId:slot` (the decider's `incidentIdOf`). */
  id: string;
  check_id: string;
  server_id: string;
  opened_at: Timestamp;
  failing_since: Timestamp;
  first_error: string;
  /** The parent that was down when it opened (its alert was suppressed), or null. */
  parent_down_id: string | null;
  acknowledged_at: NullableTimestamp;
  /** Who took it; a person's name is not kept (it would outlive their forgetting): the queries resolve it. */
  acknowledged_by_kind: Actor['kind'] | null;
  acknowledged_by_id: string | null;
  acknowledged_by_name: string | null;
  closed_at: NullableTimestamp;
  close_reason: IncidentCloseReason | null;
  duration_seconds: number | null;
}

export interface MaintenanceWindowsTable {
  id: string;
  target_kind: 'server' | 'group';
  server_id: string | null;
  group_id: string | null;
  schedule: Json<MaintenanceSchedule>;
  reason: string | null;
  status: 'scheduled' | 'ended';
  ended_at: NullableTimestamp;
  /** Who set it; a person's name is not kept (see `acknowledged_by_name`). */
  created_by_kind: Actor['kind'];
  created_by_id: string;
  created_by_name: string | null;
  created_at: Timestamp;
}

/** The monitoring read model as its queries see it: `db.withTables<MonitoringDatabase>()`. */
export type MonitoringDatabase = {
  [GROUPS_TABLE]: GroupsTable;
  [SERVERS_TABLE]: ServersTable;
  [CHECKS_TABLE]: ChecksTable;
  [INCIDENTS_TABLE]: IncidentsTable;
  [MAINTENANCE_WINDOWS_TABLE]: MaintenanceWindowsTable;
};

export async function createMonitoringTables(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(GROUPS)} (
      id uuid primary key,
      name text not null,
      chat_id bigint,
      message_thread_id bigint,
      quiet_hours jsonb,
      status_rule jsonb not null,
      status text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(SERVERS)} (
      id uuid primary key,
      name text not null,
      host text not null,
      group_id uuid,
      parent_id uuid,
      status text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(CHECKS)} (
      id uuid primary key,
      server_id uuid not null,
      kind text not null,
      definition jsonb not null,
      timing jsonb not null,
      status text not null,
      state text not null,
      state_since timestamptz not null,
      failures integer not null default 0,
      first_error text,
      last_error text,
      open_incident_id text,
      maintenance_window_ids jsonb not null default '[]',
      certificate_valid_to timestamptz,
      certificate_expiring boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(INCIDENTS)} (
      id text primary key,
      check_id uuid not null,
      server_id uuid not null,
      opened_at timestamptz not null,
      failing_since timestamptz not null,
      first_error text not null,
      parent_down_id uuid,
      acknowledged_at timestamptz,
      acknowledged_by_kind text,
      acknowledged_by_id text,
      acknowledged_by_name text,
      closed_at timestamptz,
      close_reason text,
      duration_seconds integer
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(MAINTENANCE_WINDOWS)} (
      id uuid primary key,
      target_kind text not null,
      server_id uuid,
      group_id uuid,
      schedule jsonb not null,
      reason text,
      status text not null,
      ended_at timestamptz,
      created_by_kind text not null,
      created_by_id text not null,
      created_by_name text,
      created_at timestamptz not null
    )`,
  );
}

/** Index name suffix → table and definition. */
const indexes: readonly (readonly [string, string, string])[] = [
  [SERVERS, 'group', '(group_id)'],
  [SERVERS, 'parent', '(parent_id)'],
  [CHECKS, 'server', '(server_id)'],
  [INCIDENTS, 'check', '(check_id, opened_at)'],
  [INCIDENTS, 'open', '(opened_at) where closed_at is null'],
  [MAINTENANCE_WINDOWS, 'server', '(server_id)'],
  [MAINTENANCE_WINDOWS, 'group', '(group_id)'],
];

export async function createMonitoringIndexes(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  for (const [table, suffix, definition] of indexes) {
    // Named after the physical table: a rebuild's `if not exists` must not find the live table's index.
    const index = quoteIdentifier(`${tables.rawName(table)}_${suffix}`);
    await trx.query(`create index if not exists ${index} on ${tables.table(table)} ${definition}`);
  }
}
