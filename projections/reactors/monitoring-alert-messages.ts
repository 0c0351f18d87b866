import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { NO_RECIPIENT_CHAT } from '../../application/notifications/index.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import { type GroupStatusRule, isGroupDown, isQuietAt } from '../../domain/monitoring/index.ts';
import {
  type AlertMember,
  type AlertMessageParams,
  type GroupStatus,
  MONITORING_ALERT_KIND,
  MONITORING_UNROUTED_KIND,
  type UnroutedParams,
} from './monitoring-alert-message.ts';
import type { ServerRoute, Unrouted } from './monitoring-alert-directory.ts';
import {
  GROUPS,
  MEMBERS,
  MESSAGES,
  MONITORING_NOTICES,
  type MessageRow,
  OPEN_INCIDENTS,
  SERVERS,
} from './monitoring-alert-tables.ts';
import { startReminders } from './monitoring-reminded-incidents.ts';
import type { ReactorMessage } from './outbox-writes.ts';

/** The alert messages the reactor keeps (`MESSAGES`, `MEMBERS`) and the outbox rows that send or edit them. */

const MESSAGE_COLUMNS = 'm.message_key, m.chat_id, m.thread_id, m.group_id, m.group_name, m.members';

export async function memberMessage(
  incidentId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<MessageRow | null> {
  const { rows } = await trx.query<MessageRow>(
    `select ${MESSAGE_COLUMNS}
     from ${tables.table(MEMBERS)} i join ${tables.table(MESSAGES)} m on m.message_key = i.message_key
     where i.incident_id = $1`,
    [incidentId],
  );
  return rows[0] ?? null;
}

/** The latest message that shows `serverId` down (its own DOWN, not one held back). */
export async function openMessageOfServer(
  serverId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<MessageRow | null> {
  const { rows } = await trx.query<MessageRow>(
    `select ${MESSAGE_COLUMNS}
     from ${tables.table(MEMBERS)} i join ${tables.table(MESSAGES)} m on m.message_key = i.message_key
     where i.server_id = $1
       and exists (select 1 from jsonb_array_elements(m.members) e
                   where e->>'incidentId' = i.incident_id and e->>'state' = 'down' and e->'suppressedBy' = 'null')
     order by i.added_at desc limit 1`,
    [serverId],
  );
  return rows[0] ?? null;
}

/** The group's latest message opened within `windowSeconds` before `at` that still shows someone down. */
export async function openMessageOfGroup(
  groupId: string,
  at: string,
  windowSeconds: number,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<MessageRow | null> {
  const { rows } = await trx.query<MessageRow>(
    `select ${MESSAGE_COLUMNS} from ${tables.table(MESSAGES)} m
     where m.group_id = $1 and m.opened_at >= $2::timestamptz - $3 * interval '1 second'
       and exists (select 1 from jsonb_array_elements(m.members) e where e->>'state' = 'down')
     order by m.opened_at desc limit 1`,
    [groupId, at, windowSeconds],
  );
  return rows[0] ?? null;
}

type MessageHead = Pick<MessageRow, 'message_key' | 'chat_id' | 'thread_id' | 'group_id' | 'group_name'>;

/**
 * The group of `groupId` as a whole now: how many of its servers have an open incident, of how many, and
 * whether that is DOWN by its status rule; `undefined` for no group (or one removed since).
 */
async function groupStatus(
  groupId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<GroupStatus | undefined> {
  if (groupId === '') return undefined;
  const { rows } = await trx.query<{ status_rule: GroupStatusRule; total: number; down: number }>(
    `select g.status_rule,
       (select count(*)::int from ${tables.table(SERVERS)} s where s.group_id = g.group_id) as total,
       (select count(distinct o.server_id)::int from ${tables.table(OPEN_INCIDENTS)} o
        join ${tables.table(SERVERS)} s on s.server_id = o.server_id where s.group_id = g.group_id) as down
     from ${tables.table(GROUPS)} g where g.group_id = $1`,
    [groupId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { down: row.down, total: row.total, groupDown: isGroupDown(row.status_rule, row.down, row.total) };
}

const outboxRow = async (
  recorded: RecordedEvent,
  message: MessageHead,
  members: readonly AlertMember[],
  edits: string | null,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  silent = false,
): Promise<ReactorMessage> => {
  const status = await groupStatus(message.group_id, trx, tables);
  const params: AlertMessageParams = {
    groupName: message.group_name,
    members,
    ...(status === undefined ? {} : { groupStatus: status }),
  };
  return {
    dedupeKey:
      edits === null ? message.message_key : `${recorded.eventId}:monitoring:edit:${message.message_key}`,
    reactor: MONITORING_NOTICES,
    kind: MONITORING_ALERT_KIND,
    chatId: Number(message.chat_id),
    threadId: message.thread_id === null ? null : Number(message.thread_id),
    params: params as unknown as Record<string, unknown>,
    edits,
    ...(silent ? { silent } : {}),
    recordedAt: recorded.recordedAt,
  };
};

/**
 * The row of an alert that has nowhere to go: for nobody, so the sender logs and counts it once (a projector
 * cannot: a replay or a retried batch would count it again; the row's dedupe key makes the count exact).
 */
export const unroutedRow = (
  recorded: RecordedEvent,
  unrouted: Unrouted,
  incidentId: string,
  state: UnroutedParams['state'],
): ReactorMessage => {
  const params: UnroutedParams = {
    groupId: unrouted.groupId,
    serverId: unrouted.serverId,
    incidentId,
    state,
  };
  return {
    dedupeKey: `${recorded.eventId}:monitoring:unrouted:${incidentId}`,
    reactor: MONITORING_NOTICES,
    kind: MONITORING_UNROUTED_KIND,
    chatId: NO_RECIPIENT_CHAT,
    threadId: null,
    params: params as unknown as Record<string, unknown>,
    recordedAt: recorded.recordedAt,
  };
};

export async function newMessage(
  recorded: RecordedEvent,
  route: ServerRoute,
  member: AlertMember,
  openedAt: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  /** Set when one event may open several messages (a parent's recovery releasing its children). */
  perIncident = false,
): Promise<ReactorMessage> {
  const key = `${recorded.eventId}:monitoring:${route.chat_id}`;
  const message = {
    message_key: perIncident ? `${key}:${member.incidentId}` : key,
    chat_id: route.chat_id,
    thread_id: route.thread_id,
    group_id: route.group_id,
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
  // Inside the group's quiet hours at the event's own time (a replay decides the same): without a sound.
  return outboxRow(
    recorded,
    message,
    [member],
    null,
    trx,
    tables,
    isQuietAt(route.quiet_hours, new Date(openedAt)),
  );
}

export async function joinMessage(
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
  return outboxRow(recorded, message, members, message.message_key, trx, tables);
}

/**
 * Changes one member of its message (`change` returns `null` when nothing changes, `'remove'` to take it out)
 * and writes the edit; `undefined` when the incident has no message.
 */
export async function updateMember(
  recorded: RecordedEvent,
  incidentId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  change: (member: AlertMember) => AlertMember | 'remove' | null,
): Promise<ReactorMessage | null | undefined> {
  const message = await memberMessage(incidentId, trx, tables);
  if (!message) return undefined;
  const current = message.members.find((m) => m.incidentId === incidentId);
  const changed = current ? change(current) : null;
  if (!changed) return null;
  const members =
    changed === 'remove'
      ? message.members.filter((m) => m.incidentId !== incidentId)
      : message.members.map((m) => (m.incidentId === incidentId ? changed : m));
  if (changed === 'remove') {
    await trx.query(`delete from ${tables.table(MEMBERS)} where incident_id = $1`, [incidentId]);
  }
  await saveMembers(message.message_key, members, trx, tables);
  return outboxRow(recorded, message, members, message.message_key, trx, tables);
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
