import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import {
  ADMINS_CHAT_SETTING,
  type AlertRoute,
  type CheckSpec,
  type QuietHours,
  type ServerEvent,
  type ServerGroupEvent,
  adminsChatRoute,
} from '../../domain/monitoring/index.ts';
import { type SettingsEvent, findSetting } from '../../domain/settings/index.ts';
import { ALERT_CHECKS, GROUPS, SERVERS, SETTINGS } from './monitoring-alert-tables.ts';

export const GROUPING_SETTING = 'monitoring.alertGroupingSeconds';
const DEFAULT_GROUPING_SECONDS = Number(findSetting(GROUPING_SETTING)?.default ?? 60);

/** The settings the reactor follows through their `SettingsChanged` events, so a replay decides the same. */
const FOLLOWED_SETTINGS: readonly string[] = [GROUPING_SETTING, ADMINS_CHAT_SETTING];

/** The events that only keep the reactor's directory of groups, servers, checks and settings. */
export type DirectoryEvent = Extract<
  ServerGroupEvent | ServerEvent | SettingsEvent,
  {
    type:
      | 'ServerGroupCreated'
      | 'ServerGroupRenamed'
      | 'ServerGroupAlertsRouted'
      | 'ServerGroupQuietHoursSet'
      | 'ServerGroupStatusRuleSet'
      | 'ServerGroupRemoved'
      | 'ServerRegistered'
      | 'ServerRenamed'
      | 'ServerHostChanged'
      | 'CheckAdded'
      | 'CheckChanged'
      | 'CheckRemoved'
      | 'ServerMovedToGroup'
      | 'ServerRemoved'
      | 'SettingsChanged';
  }
>;

export const DIRECTORY_EVENT_TYPES: readonly DirectoryEvent['type'][] = [
  'ServerGroupCreated',
  'ServerGroupRenamed',
  'ServerGroupAlertsRouted',
  'ServerGroupQuietHoursSet',
  'ServerGroupStatusRuleSet',
  'ServerGroupRemoved',
  'ServerRegistered',
  'ServerRenamed',
  'ServerHostChanged',
  'CheckAdded',
  'CheckChanged',
  'CheckRemoved',
  'ServerMovedToGroup',
  'ServerRemoved',
  'SettingsChanged',
];

export const isDirectoryEvent = (event: { type: string }): event is DirectoryEvent =>
  (DIRECTORY_EVENT_TYPES as readonly string[]).includes(event.type);

/** Keeps the groups' routes, the servers' names and groups, the checks' intervals and the followed settings. */
export async function keepDirectory(
  event: DirectoryEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const groups = tables.table(GROUPS);
  const servers = tables.table(SERVERS);
  switch (event.type) {
    case 'ServerGroupCreated':
      await trx.query(
        `insert into ${groups} (group_id, name, status_rule) values ($1, $2, $3::jsonb)
         on conflict (group_id) do update set name = $2, status_rule = $3::jsonb`,
        [event.data.groupId, event.data.name, JSON.stringify(event.data.statusRule ?? { kind: 'any' })],
      );
      return;
    case 'ServerGroupStatusRuleSet':
      await trx.query(`update ${groups} set status_rule = $2::jsonb where group_id = $1`, [
        event.data.groupId,
        JSON.stringify(event.data.to),
      ]);
      return;
    case 'ServerGroupRenamed':
      await trx.query(`update ${groups} set name = $2 where group_id = $1`, [
        event.data.groupId,
        event.data.to,
      ]);
      return;
    case 'ServerGroupAlertsRouted': {
      const route: AlertRoute | null = event.data.to;
      await trx.query(`update ${groups} set chat_id = $2, thread_id = $3 where group_id = $1`, [
        event.data.groupId,
        route?.chatId ?? null,
        route?.messageThreadId ?? null,
      ]);
      return;
    }
    case 'ServerGroupQuietHoursSet':
      await trx.query(`update ${groups} set quiet_hours = $2::jsonb where group_id = $1`, [
        event.data.groupId,
        event.data.to === null ? null : JSON.stringify(event.data.to),
      ]);
      return;
    case 'ServerGroupRemoved':
      await trx.query(`delete from ${groups} where group_id = $1`, [event.data.groupId]);
      return;
    case 'ServerRegistered':
      await trx.query(
        `insert into ${servers} (server_id, name, group_id) values ($1, $2, $3)
         on conflict (server_id) do update set name = $2, group_id = $3`,
        [event.data.serverId, event.data.name, event.data.groupId],
      );
      await keepChecks(event.data.serverId, event.data.checks, trx, tables);
      return;
    case 'ServerHostChanged':
      await keepChecks(event.data.serverId, event.data.checks, trx, tables);
      return;
    case 'CheckAdded':
    case 'CheckChanged':
      await keepChecks(event.data.serverId, [event.data.check], trx, tables);
      return;
    case 'CheckRemoved':
      await trx.query(`delete from ${tables.table(ALERT_CHECKS)} where check_id = $1`, [event.data.checkId]);
      return;
    case 'ServerRenamed':
      await trx.query(`update ${servers} set name = $2 where server_id = $1`, [
        event.data.serverId,
        event.data.to,
      ]);
      return;
    case 'ServerMovedToGroup':
      await trx.query(`update ${servers} set group_id = $2 where server_id = $1`, [
        event.data.serverId,
        event.data.to,
      ]);
      return;
    case 'ServerRemoved':
      await trx.query(`delete from ${servers} where server_id = $1`, [event.data.serverId]);
      await trx.query(`delete from ${tables.table(ALERT_CHECKS)} where server_id = $1`, [
        event.data.serverId,
      ]);
      return;
    case 'SettingsChanged':
      for (const change of event.data.changes) {
        if (!FOLLOWED_SETTINGS.includes(change.key)) continue;
        await trx.query(
          `insert into ${tables.table(SETTINGS)} (key, value) values ($1, $2::jsonb)
           on conflict (key) do update set value = excluded.value`,
          [change.key, JSON.stringify(change.new)],
        );
      }
      return;
  }
}

/** A followed setting as its last `SettingsChanged` said, `undefined` when none did (its default then). */
async function followedSetting(key: string, trx: ProjectionTransaction, tables: ProjectionTables) {
  const { rows } = await trx.query<{ value: unknown }>(
    `select value from ${tables.table(SETTINGS)} where key = $1`,
    [key],
  );
  return rows[0]?.value;
}

export async function groupingSeconds(trx: ProjectionTransaction, tables: ProjectionTables): Promise<number> {
  const value = await followedSetting(GROUPING_SETTING, trx, tables);
  return typeof value === 'number' ? value : DEFAULT_GROUPING_SECONDS;
}

/** Where a server's alerts go: its group's route, or the admins' chat when the group routes nowhere. */
export interface ServerRoute {
  name: string;
  /** The group whose messages it joins; `''` for a server in no group (told in the admins' chat). */
  group_id: string;
  group_name: string;
  chat_id: string;
  thread_id: string | null;
  /** The group's quiet hours, wherever its alerts go (its chat or the admins'). */
  quiet_hours: QuietHours | null;
}

/** A server whose alerts have nowhere to go: no route of its group and no admins' chat. */
export interface Unrouted {
  readonly groupId: string | null;
  readonly serverId: string;
}

/** Shown as the group of a server in no group (or in a group removed since), in the admins' chat. */
const NO_GROUP_NAME = '—';

/**
 * Where the alerts of `serverId` go: its group's chat and topic; when it is in no group or the group has no
 * route, the admins' chat of `monitoring.adminsChat` (as its `SettingsChanged` events say: a replay decides
 * the same); `{ unrouted }` when that is empty too.
 */
export async function serverRoute(
  serverId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<{ route: ServerRoute } | { unrouted: Unrouted }> {
  const { rows } = await trx.query<{
    name: string;
    group_id: string | null;
    group_name: string | null;
    chat_id: string | null;
    thread_id: string | null;
    quiet_hours: QuietHours | null;
  }>(
    `select s.name, s.group_id, g.name as group_name, g.chat_id, g.thread_id, g.quiet_hours
     from ${tables.table(SERVERS)} s left join ${tables.table(GROUPS)} g on g.group_id = s.group_id
     where s.server_id = $1`,
    [serverId],
  );
  const row = rows[0];
  if (row && row.chat_id !== null) {
    return {
      route: {
        name: row.name,
        group_id: row.group_id ?? '',
        group_name: row.group_name ?? NO_GROUP_NAME,
        chat_id: row.chat_id,
        thread_id: row.thread_id,
        quiet_hours: row.quiet_hours,
      },
    };
  }
  const setting = await followedSetting(ADMINS_CHAT_SETTING, trx, tables);
  const admins = typeof setting === 'string' ? adminsChatRoute(setting) : null;
  if (admins === null) return { unrouted: { groupId: row?.group_id ?? null, serverId } };
  return {
    route: {
      name: row?.name ?? serverId,
      group_id: row?.group_id ?? '',
      group_name: row?.group_name ?? NO_GROUP_NAME,
      chat_id: String(admins.chatId),
      thread_id: admins.messageThreadId === null ? null : String(admins.messageThreadId),
      quiet_hours: row?.quiet_hours ?? null,
    },
  };
}

/** The URL of an http check, as its server events said; `null` for another kind or one removed since. */
export async function checkUrl(checkId: string, trx: ProjectionTransaction, tables: ProjectionTables) {
  const { rows } = await trx.query<{ url: string | null }>(
    `select url from ${tables.table(ALERT_CHECKS)} where check_id = $1`,
    [checkId],
  );
  return rows[0]?.url ?? null;
}

export async function serverName(serverId: string, trx: ProjectionTransaction, tables: ProjectionTables) {
  const { rows } = await trx.query<{ name: string }>(
    `select name from ${tables.table(SERVERS)} where server_id = $1`,
    [serverId],
  );
  return rows[0]?.name ?? serverId;
}

async function keepChecks(
  serverId: string,
  checks: readonly CheckSpec[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
) {
  if (checks.length === 0) return;
  await trx.query(
    `insert into ${tables.table(ALERT_CHECKS)} (check_id, server_id, resend_seconds, url)
     select c.check_id, $1, c.resend_seconds, c.url
     from jsonb_to_recordset($2::jsonb) as c(check_id text, resend_seconds integer, url text)
     on conflict (check_id) do update
       set server_id = excluded.server_id, resend_seconds = excluded.resend_seconds, url = excluded.url`,
    [
      serverId,
      JSON.stringify(
        checks.map((c) => ({
          check_id: c.checkId,
          resend_seconds: c.timing.resendIntervalSeconds,
          // The URL a certificate warning names (an http check's only).
          url: c.definition.kind === 'http' ? c.definition.url : null,
        })),
      ),
    ],
  );
}
