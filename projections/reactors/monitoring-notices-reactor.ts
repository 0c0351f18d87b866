import type {
  Projector,
  ProjectionTables,
  ProjectionTransaction,
} from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import {
  type AlertRoute,
  type CheckSpec,
  type CheckStateEvent,
  type ClosedIncident,
  type ServerEvent,
  type ServerGroupEvent,
} from '../../domain/monitoring/index.ts';
import { type SettingsEvent, findSetting } from '../../domain/settings/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import { keptActorName } from '../monitoring/monitoring-event.ts';
import {
  type AlertActor,
  type AlertMember,
  type AlertMemberState,
  type AlertMessageParams,
  MONITORING_ALERT_KIND,
  MONITORING_REMINDER_KIND,
} from './monitoring-alert-message.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';

/** The acknowledger as the reactor keeps it: a person by kind and id only (see `AlertMember.acknowledgedBy`). */
const alertActorOf = (actor: Actor): AlertActor => ({
  kind: actor.kind,
  id: actor.id,
  name: keptActorName(actor),
});

const NAME = 'monitoring-notices';
const GROUPS = 'monitoring_alert_groups';
const SERVERS = 'monitoring_alert_servers';
const MESSAGES = 'monitoring_alert_messages';
const MEMBERS = 'monitoring_alert_members';
const SETTINGS = 'monitoring_alert_settings';
/** Each check's resend-while-down interval, from the server events: the reminder job's cadence. */
export const ALERT_CHECKS = 'monitoring_alert_checks';
/** The incidents whose own alert was sent and that are still open and untaken: those the reminders are for. */
export const REMINDED_INCIDENTS = 'monitoring_alert_reminded';

export const GROUPING_SETTING = 'monitoring.alertGroupingSeconds';
const DEFAULT_GROUPING_SECONDS = Number(findSetting(GROUPING_SETTING)?.default ?? 60);

type ReactorEvent = Extract<
  ServerGroupEvent | ServerEvent | CheckStateEvent | SettingsEvent,
  {
    type:
      | 'ServerGroupCreated'
      | 'ServerGroupRenamed'
      | 'ServerGroupAlertsRouted'
      | 'ServerGroupRemoved'
      | 'ServerRegistered'
      | 'ServerRenamed'
      | 'ServerHostChanged'
      | 'CheckAdded'
      | 'CheckChanged'
      | 'CheckRemoved'
      | 'ServerMovedToGroup'
      | 'ServerRemoved'
      | 'ServerWentDown'
      | 'ServerRecovered'
      | 'IncidentAcknowledged'
      | 'MaintenanceStarted'
      | 'CheckPaused'
      | 'CheckRetired'
      | 'SettingsChanged';
  }
>;

// The routes, names and resend intervals it keeps, the alerts and acknowledgements it tells, and the grouping window's setting.
const EVENT_TYPES: readonly ReactorEvent['type'][] = [
  'ServerGroupCreated',
  'ServerGroupRenamed',
  'ServerGroupAlertsRouted',
  'ServerGroupRemoved',
  'ServerRegistered',
  'ServerRenamed',
  'ServerHostChanged',
  'CheckAdded',
  'CheckChanged',
  'CheckRemoved',
  'ServerMovedToGroup',
  'ServerRemoved',
  'ServerWentDown',
  'ServerRecovered',
  'IncidentAcknowledged',
  'MaintenanceStarted',
  'CheckPaused',
  'CheckRetired',
  'SettingsChanged',
];

interface MessageRow {
  message_key: string;
  chat_id: string;
  thread_id: string | null;
  group_name: string;
  members: AlertMember[];
}

/**
 * The notification reactor of monitoring alerts (#15). A server of a group that goes DOWN is told in the group's
 * chat and topic; servers of one group going DOWN within `monitoring.alertGroupingSeconds` of the first share
 * one message, edited as more join, as they recover and as someone acknowledges; a DOWN held back because its
 * parent is down is not sent, the parent's message lists it. Recoveries are always told: one without a message
 * to edit sends one. Its effect is outbox rows, written with its checkpoint; the sender renders them.
 * It keeps the groups' routes, the servers' names and its messages itself (no read model of another branch).
 * Grouping is decided on the events' own times and the setting as its events say, so a replay decides the same.
 */
export const monitoringNoticesReactor: Projector = {
  name: NAME,
  // 2: the checks' resend intervals and the open incidents the reminders are for (a rebuild fills them).
  version: 2,
  schema: 'notifications',
  tables: [GROUPS, SERVERS, MESSAGES, MEMBERS, SETTINGS, ALERT_CHECKS, REMINDED_INCIDENTS],
  eventTypes: EVENT_TYPES,

  async createTables(trx, tables) {
    await trx.query(
      `create table if not exists ${tables.table(GROUPS)} (
        group_id text primary key, name text not null, chat_id bigint, thread_id bigint)`,
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
        check_id text primary key, server_id text not null, resend_seconds integer not null)`,
    );
    await trx.query(
      `create table if not exists ${tables.table(REMINDED_INCIDENTS)} (
        incident_id text primary key, check_id text not null, server_name text not null,
        group_name text not null, chat_id bigint not null, thread_id bigint, message_key text not null,
        down_since timestamptz not null)`,
    );
    await markReactorStart(trx, NAME, tables, GROUPS);
  },

  async createIndexes(trx, tables) {
    await trx.query(
      `create index if not exists ${tables.rawName(MESSAGES)}_group on ${tables.table(MESSAGES)} (group_id, opened_at)`,
    );
    await trx.query(
      `create index if not exists ${tables.rawName(ALERT_CHECKS)}_server on ${tables.table(ALERT_CHECKS)} (server_id)`,
    );
    await trx.query(
      `create index if not exists ${tables.rawName(MEMBERS)}_server on ${tables.table(MEMBERS)} (server_id, added_at)`,
    );
  },

  async apply(events, trx, tables) {
    const messages: ReactorMessage[] = [];
    for (const recorded of events) {
      const message = await applyOne(recorded, trx, tables);
      if (message) messages.push(message);
    }
    await writeOutbox(trx, messages);
  },
};

async function applyOne(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  const groups = tables.table(GROUPS);
  const servers = tables.table(SERVERS);
  // The subscription delivers only the types listed above.
  const event = { type: recorded.type, data: recorded.data } as ReactorEvent;
  switch (event.type) {
    case 'ServerGroupCreated':
      await trx.query(
        `insert into ${groups} (group_id, name) values ($1, $2) on conflict (group_id) do update set name = $2`,
        [event.data.groupId, event.data.name],
      );
      return null;
    case 'ServerGroupRenamed':
      await trx.query(`update ${groups} set name = $2 where group_id = $1`, [
        event.data.groupId,
        event.data.to,
      ]);
      return null;
    case 'ServerGroupAlertsRouted': {
      const route: AlertRoute | null = event.data.to;
      await trx.query(`update ${groups} set chat_id = $2, thread_id = $3 where group_id = $1`, [
        event.data.groupId,
        route?.chatId ?? null,
        route?.messageThreadId ?? null,
      ]);
      return null;
    }
    case 'ServerGroupRemoved':
      await trx.query(`delete from ${groups} where group_id = $1`, [event.data.groupId]);
      return null;
    case 'ServerRegistered':
      await trx.query(
        `insert into ${servers} (server_id, name, group_id) values ($1, $2, $3)
         on conflict (server_id) do update set name = $2, group_id = $3`,
        [event.data.serverId, event.data.name, event.data.groupId],
      );
      await keepChecks(event.data.serverId, event.data.checks, trx, tables);
      return null;
    case 'ServerHostChanged':
      await keepChecks(event.data.serverId, event.data.checks, trx, tables);
      return null;
    case 'CheckAdded':
    case 'CheckChanged':
      await keepChecks(event.data.serverId, [event.data.check], trx, tables);
      return null;
    case 'CheckRemoved':
      await trx.query(`delete from ${tables.table(ALERT_CHECKS)} where check_id = $1`, [event.data.checkId]);
      return null;
    case 'ServerRenamed':
      await trx.query(`update ${servers} set name = $2 where server_id = $1`, [
        event.data.serverId,
        event.data.to,
      ]);
      return null;
    case 'ServerMovedToGroup':
      await trx.query(`update ${servers} set group_id = $2 where server_id = $1`, [
        event.data.serverId,
        event.data.to,
      ]);
      return null;
    case 'ServerRemoved':
      await trx.query(`delete from ${servers} where server_id = $1`, [event.data.serverId]);
      await trx.query(`delete from ${tables.table(ALERT_CHECKS)} where server_id = $1`, [
        event.data.serverId,
      ]);
      return null;
    case 'SettingsChanged': {
      const change = event.data.changes.find((c) => c.key === GROUPING_SETTING);
      if (change) {
        await trx.query(
          `insert into ${tables.table(SETTINGS)} (key, value) values ($1, $2::jsonb)
           on conflict (key) do update set value = excluded.value`,
          [GROUPING_SETTING, JSON.stringify(change.new)],
        );
      }
      return null;
    }
    case 'ServerWentDown':
      return wentDown(recorded, event.data, trx, tables);
    case 'ServerRecovered':
      return recovered(recorded, event.data, trx, tables);
    case 'IncidentAcknowledged': {
      await endReminders(event.data.incidentId, trx, tables);
      const edit = await updateMember(recorded, event.data.incidentId, trx, tables, (member) =>
        member.acknowledgedBy === null
          ? { ...member, acknowledgedBy: alertActorOf(recorded.metadata.actor) }
          : null,
      );
      return edit ?? null;
    }
    case 'MaintenanceStarted':
      return endedSilently(recorded, event.data.closedIncident, 'maintenance', trx, tables);
    case 'CheckPaused':
      return endedSilently(recorded, event.data.closedIncident, 'paused', trx, tables);
    case 'CheckRetired':
      return endedSilently(recorded, event.data.closedIncident, 'removed', trx, tables);
  }
}

/** An incident that ended without a recovery: its alert says why, and nothing is sent anew. */
async function endedSilently(
  recorded: RecordedEvent,
  closed: ClosedIncident | null,
  state: Exclude<AlertMemberState, 'down' | 'up'>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  if (closed === null) return null;
  await endReminders(closed.incidentId, trx, tables);
  const edit = await updateMember(recorded, closed.incidentId, trx, tables, (member) =>
    member.state === 'down' ? { ...member, state } : null,
  );
  return edit ?? null;
}

type DownData = Extract<CheckStateEvent, { type: 'ServerWentDown' }>['data'];
type RecoveredData = Extract<CheckStateEvent, { type: 'ServerRecovered' }>['data'];

interface ServerRoute {
  name: string;
  group_id: string;
  group_name: string;
  chat_id: string;
  thread_id: string | null;
}

async function serverRoute(
  serverId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ServerRoute | null> {
  const { rows } = await trx.query<ServerRoute>(
    `select s.name, g.group_id, g.name as group_name, g.chat_id, g.thread_id
     from ${tables.table(SERVERS)} s join ${tables.table(GROUPS)} g on g.group_id = s.group_id
     where s.server_id = $1 and g.chat_id is not null`,
    [serverId],
  );
  return rows[0] ?? null;
}

async function groupingSeconds(trx: ProjectionTransaction, tables: ProjectionTables): Promise<number> {
  const { rows } = await trx.query<{ value: unknown }>(
    `select value from ${tables.table(SETTINGS)} where key = $1`,
    [GROUPING_SETTING],
  );
  const value = rows[0]?.value;
  return typeof value === 'number' ? value : DEFAULT_GROUPING_SECONDS;
}

async function wentDown(
  recorded: RecordedEvent,
  data: DownData,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  if (await memberMessage(data.incidentId, trx, tables)) return null;
  const route = await serverRoute(data.serverId, trx, tables);
  const member: AlertMember = {
    incidentId: data.incidentId,
    checkId: data.checkId,
    serverId: data.serverId,
    serverName: route?.name ?? (await serverName(data.serverId, trx, tables)),
    since: data.failingSince,
    firstError: data.firstError,
    state: 'down',
    downForSeconds: null,
    suppressedBy: data.parentDown?.serverId ?? null,
    acknowledgedBy: null,
  };
  if (data.parentDown) {
    // Held back: listed under the parent's alert, if the parent has one still showing it down.
    const parent = await openMessageOfServer(data.parentDown.serverId, trx, tables);
    if (!parent) return null;
    return joinMessage(recorded, parent, member, trx, tables);
  }
  if (!route) return null;
  const windowSeconds = await groupingSeconds(trx, tables);
  const { rows } = await trx.query<MessageRow>(
    `select message_key, chat_id, thread_id, group_name, members from ${tables.table(MESSAGES)}
     where group_id = $1 and opened_at >= $2::timestamptz - $3 * interval '1 second'
       and exists (select 1 from jsonb_array_elements(members) m where m->>'state' = 'down')
     order by opened_at desc limit 1`,
    [route.group_id, data.at, windowSeconds],
  );
  const open = rows[0];
  if (open) return joinMessage(recorded, open, member, trx, tables);
  return newMessage(recorded, route, member, data.at, trx, tables);
}

async function recovered(
  recorded: RecordedEvent,
  data: RecoveredData,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  await endReminders(data.incidentId, trx, tables);
  const edited = await updateMember(recorded, data.incidentId, trx, tables, (member) =>
    member.state === 'up' ? null : { ...member, state: 'up', downForSeconds: data.downForSeconds },
  );
  if (edited !== undefined) return edited;
  // Never suppressed: a recovery whose DOWN has no message of its own (held back, or before this reactor)
  // is told in a message of its own.
  const route = await serverRoute(data.serverId, trx, tables);
  if (!route) return null;
  return newMessage(
    recorded,
    route,
    {
      incidentId: data.incidentId,
      checkId: data.checkId,
      serverId: data.serverId,
      serverName: route.name,
      since: data.downSince,
      firstError: data.firstError,
      state: 'up',
      downForSeconds: data.downForSeconds,
      suppressedBy: null,
      acknowledgedBy: null,
    },
    data.at,
    trx,
    tables,
  );
}

async function serverName(serverId: string, trx: ProjectionTransaction, tables: ProjectionTables) {
  const { rows } = await trx.query<{ name: string }>(
    `select name from ${tables.table(SERVERS)} where server_id = $1`,
    [serverId],
  );
  return rows[0]?.name ?? serverId;
}

async function memberMessage(
  incidentId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<MessageRow | null> {
  const { rows } = await trx.query<MessageRow>(
    `select m.message_key, m.chat_id, m.thread_id, m.group_name, m.members
     from ${tables.table(MEMBERS)} i join ${tables.table(MESSAGES)} m on m.message_key = i.message_key
     where i.incident_id = $1`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/** The latest message that shows `serverId` down (its own DOWN, not one held back). */
async function openMessageOfServer(
  serverId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<MessageRow | null> {
  const { rows } = await trx.query<MessageRow>(
    `select m.message_key, m.chat_id, m.thread_id, m.group_name, m.members
     from ${tables.table(MEMBERS)} i join ${tables.table(MESSAGES)} m on m.message_key = i.message_key
     where i.server_id = $1
       and exists (select 1 from jsonb_array_elements(m.members) e
                   where e->>'incidentId' = i.incident_id and e->>'state' = 'down' and e->'suppressedBy' = 'null')
     order by i.added_at desc limit 1`,
    [serverId],
  );
  return rows[0] ?? null;
}

const outboxRow = (
  recorded: RecordedEvent,
  message: Pick<MessageRow, 'message_key' | 'chat_id' | 'thread_id' | 'group_name'>,
  members: readonly AlertMember[],
  edits: string | null,
): ReactorMessage => {
  const params: AlertMessageParams = { groupName: message.group_name, members };
  return {
    dedupeKey:
      edits === null ? message.message_key : `${recorded.eventId}:monitoring:edit:${message.message_key}`,
    reactor: NAME,
    kind: MONITORING_ALERT_KIND,
    chatId: Number(message.chat_id),
    threadId: message.thread_id === null ? null : Number(message.thread_id),
    params: params as unknown as Record<string, unknown>,
    edits,
    recordedAt: recorded.recordedAt,
  };
};

async function newMessage(
  recorded: RecordedEvent,
  route: ServerRoute,
  member: AlertMember,
  openedAt: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage> {
  const message = {
    message_key: `${recorded.eventId}:monitoring:${route.chat_id}`,
    chat_id: route.chat_id,
    thread_id: route.thread_id,
    group_name: route.group_name,
  };
  await trx.query(
    `insert into ${tables.table(MESSAGES)}
       (message_key, group_id, chat_id, thread_id, group_name, opened_at, members)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb) on conflict (message_key) do nothing`,
    [
      message.message_key,
      route.group_id,
      route.chat_id,
      route.thread_id,
      route.group_name,
      openedAt,
      JSON.stringify([member]),
    ],
  );
  await addMember(member, message.message_key, recorded, trx, tables);
  await startReminders(member, message, trx, tables);
  return outboxRow(recorded, message, [member], null);
}

async function joinMessage(
  recorded: RecordedEvent,
  message: MessageRow,
  member: AlertMember,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage> {
  const members = [...message.members, member];
  await saveMembers(message.message_key, members, trx, tables);
  await addMember(member, message.message_key, recorded, trx, tables);
  await startReminders(member, message, trx, tables);
  return outboxRow(recorded, message, members, message.message_key);
}

/**
 * Changes one member of its message (`change` returns `null` when nothing changes) and writes the edit;
 * `undefined` when the incident has no message.
 */
async function updateMember(
  recorded: RecordedEvent,
  incidentId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  change: (member: AlertMember) => AlertMember | null,
): Promise<ReactorMessage | null | undefined> {
  const message = await memberMessage(incidentId, trx, tables);
  if (!message) return undefined;
  const current = message.members.find((m) => m.incidentId === incidentId);
  const changed = current ? change(current) : null;
  if (!changed) return null;
  const members = message.members.map((m) => (m.incidentId === incidentId ? changed : m));
  await saveMembers(message.message_key, members, trx, tables);
  return outboxRow(recorded, message, members, message.message_key);
}

async function saveMembers(
  messageKey: string,
  members: readonly AlertMember[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
) {
  await trx.query(`update ${tables.table(MESSAGES)} set members = $2::jsonb where message_key = $1`, [
    messageKey,
    JSON.stringify(members),
  ]);
}

async function addMember(
  member: AlertMember,
  messageKey: string,
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
) {
  await trx.query(
    `insert into ${tables.table(MEMBERS)} (incident_id, message_key, server_id, added_at)
     values ($1, $2, $3, $4) on conflict (incident_id) do nothing`,
    [member.incidentId, messageKey, member.serverId, recorded.recordedAt],
  );
}

/** An own DOWN just told: its reminders run until it recovers, ends or is taken. */
async function startReminders(
  member: AlertMember,
  message: Pick<MessageRow, 'message_key' | 'chat_id' | 'thread_id' | 'group_name'>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
) {
  // A DOWN held back behind its parent is reminded of by the parent's reminders.
  if (member.state !== 'down' || member.suppressedBy !== null) return;
  await trx.query(
    `insert into ${tables.table(REMINDED_INCIDENTS)}
       (incident_id, check_id, server_name, group_name, chat_id, thread_id, message_key, down_since)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (incident_id) do nothing`,
    [
      member.incidentId,
      member.checkId,
      member.serverName,
      message.group_name,
      message.chat_id,
      message.thread_id,
      message.message_key,
      member.since,
    ],
  );
}

/**
 * No more reminders for the incident; one already written but not yet out (waiting behind its chat's order or
 * for a retry, not claimed by a sender) is dropped, so an ack or a recovery is not followed by a stale one.
 */
async function endReminders(incidentId: string, trx: ProjectionTransaction, tables: ProjectionTables) {
  const { rows } = await trx.query<{ chat_id: string }>(
    `delete from ${tables.table(REMINDED_INCIDENTS)} where incident_id = $1 returning chat_id`,
    [incidentId],
  );
  const chatId = rows[0]?.chat_id;
  if (chatId === undefined) return;
  await trx.query(
    `update notifications.outbox
     set status = 'undeliverable', done_at = now(), last_error = 'the incident ended before its reminder went out'
     where status = 'pending' and chat_id = $2 and kind = $3 and params->>'incidentId' = $1
       and (claimed_until is null or claimed_until < now())`,
    [incidentId, chatId, MONITORING_REMINDER_KIND],
  );
}

async function keepChecks(
  serverId: string,
  checks: readonly CheckSpec[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
) {
  if (checks.length === 0) return;
  await trx.query(
    `insert into ${tables.table(ALERT_CHECKS)} (check_id, server_id, resend_seconds)
     select c.check_id, $1, c.resend_seconds
     from jsonb_to_recordset($2::jsonb) as c(check_id text, resend_seconds integer)
     on conflict (check_id) do update set server_id = excluded.server_id, resend_seconds = excluded.resend_seconds`,
    [
      serverId,
      JSON.stringify(
        checks.map((c) => ({ check_id: c.checkId, resend_seconds: c.timing.resendIntervalSeconds })),
      ),
    ],
  );
}
