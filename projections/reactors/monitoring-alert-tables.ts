import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { AlertMember } from './monitoring-alert-message.ts';
import { markReactorStart } from './outbox-writes.ts';

/** The reactor's name: its projection, its outbox rows' `reactor`, its start line. */
export const MONITORING_NOTICES = 'monitoring-notices';

export const GROUPS = 'monitoring_alert_groups';
export const SERVERS = 'monitoring_alert_servers';
export const MESSAGES = 'monitoring_alert_messages';
export const MEMBERS = 'monitoring_alert_members';
export const SETTINGS = 'monitoring_alert_settings';
/** Each check's resend-while-down interval: the reminder job's cadence. */
export const ALERT_CHECKS = 'monitoring_alert_checks';
/** The incidents whose own alert was sent and that are still open and untaken: those the reminders are for. */
export const REMINDED_INCIDENTS = 'monitoring_alert_reminded';
/** Every open incident, told or not: who is down now, and whose DOWN waits behind a parent (`held_behind`). */
export const OPEN_INCIDENTS = 'monitoring_alert_open';

export const ALERT_TABLES = [
  GROUPS,
  SERVERS,
  MESSAGES,
  MEMBERS,
  SETTINGS,
  ALERT_CHECKS,
  REMINDED_INCIDENTS,
  OPEN_INCIDENTS,
] as const;

/** One alert message as the reactor keeps it (`MESSAGES`). */
export interface MessageRow {
  message_key: string;
  chat_id: string;
  thread_id: string | null;
  group_id: string;
  group_name: string;
  members: AlertMember[];
}

export async function createAlertTables(trx: ProjectionTransaction, tables: ProjectionTables) {
  await trx.query(
    `create table if not exists ${tables.table(GROUPS)} (
      group_id text primary key, name text not null, chat_id bigint, thread_id bigint, quiet_hours jsonb,
      status_rule jsonb not null default '{"kind":"any"}')`,
  );
  await trx.query(
    `create table if not exists ${tables.table(SERVERS)} (
      server_id text primary key, name text not null, group_id text)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(MESSAGES)} (
      message_key text primary key, group_id text not null, chat_id bigint not null, thread_id bigint,
      group_name text not null, opened_at timestamptz not null, members jsonb not null)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(MEMBERS)} (
      incident_id text primary key, message_key text not null, server_id text not null,
      added_at timestamptz not null)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(SETTINGS)} (key text primary key, value jsonb not null)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(ALERT_CHECKS)} (
      check_id text primary key, server_id text not null, resend_seconds integer not null, url text)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(REMINDED_INCIDENTS)} (
      incident_id text primary key, check_id text not null, server_name text not null,
      group_name text not null, chat_id bigint not null, thread_id bigint, message_key text not null,
      down_since timestamptz not null, group_id text)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(OPEN_INCIDENTS)} (
      incident_id text primary key, check_id text not null, server_id text not null,
      since timestamptz not null, first_error text not null, held_behind text)`,
  );
  await markReactorStart(trx, MONITORING_NOTICES, tables, GROUPS);
}

export async function createAlertIndexes(trx: ProjectionTransaction, tables: ProjectionTables) {
  await trx.query(
    `create index if not exists ${tables.rawName(MESSAGES)}_group on ${tables.table(MESSAGES)} (group_id, opened_at)`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(ALERT_CHECKS)}_server on ${tables.table(ALERT_CHECKS)} (server_id)`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(MEMBERS)}_server on ${tables.table(MEMBERS)} (server_id, added_at)`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(OPEN_INCIDENTS)}_server on ${tables.table(OPEN_INCIDENTS)} (server_id)`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(OPEN_INCIDENTS)}_held on ${tables.table(OPEN_INCIDENTS)} (held_behind)
     where held_behind is not null`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(SERVERS)}_group on ${tables.table(SERVERS)} (group_id)`,
  );
}
