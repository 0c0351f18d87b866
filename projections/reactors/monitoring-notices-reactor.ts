import type {
  Projector,
  ProjectionTables,
  ProjectionTransaction,
} from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import type { CheckStateEvent, ClosedIncident } from '../../domain/monitoring/index.ts';
import type { Actor } from '../../domain/shared/index.ts';
import { keptActorName } from '../monitoring/monitoring-event.ts';
import {
  DIRECTORY_EVENT_TYPES,
  groupingSeconds,
  isDirectoryEvent,
  keepDirectory,
  serverName,
  serverRoute,
} from './monitoring-alert-directory.ts';
import type { AlertActor, AlertMember, AlertMemberState } from './monitoring-alert-message.ts';
import {
  joinMessage,
  memberMessage,
  newMessage,
  openMessageOfGroup,
  openMessageOfServer,
  unroutedRow,
  updateMember,
} from './monitoring-alert-messages.ts';
import {
  ALERT_TABLES,
  MONITORING_NOTICES,
  createAlertIndexes,
  createAlertTables,
} from './monitoring-alert-tables.ts';
import {
  type OpenIncident,
  closeIncident,
  openIncident,
  releaseHeldBehind,
  serverIsDown,
} from './monitoring-open-incidents.ts';
import { certificateNotice } from './monitoring-certificate-notices.ts';
import { endReminders } from './monitoring-reminded-incidents.ts';
import { type ReactorMessage, writeOutbox } from './outbox-writes.ts';

export { ALERT_CHECKS, REMINDED_INCIDENTS } from './monitoring-alert-tables.ts';
export { GROUPING_SETTING } from './monitoring-alert-directory.ts';

/** The acknowledger as the reactor keeps it: a person by kind and id only (see `AlertMember.acknowledgedBy`). */
const alertActorOf = (actor: Actor): AlertActor => ({
  kind: actor.kind,
  id: actor.id,
  name: keptActorName(actor),
});

type AlertEvent = Extract<
  CheckStateEvent,
  {
    type:
      | 'ServerWentDown'
      | 'ServerRecovered'
      | 'IncidentAcknowledged'
      | 'MaintenanceStarted'
      | 'CheckPaused'
      | 'CheckRetired'
      | 'CertificateExpiring'
      | 'CertificateRenewed';
  }
>;

const ALERT_EVENT_TYPES: readonly AlertEvent['type'][] = [
  'ServerWentDown',
  'ServerRecovered',
  'IncidentAcknowledged',
  'MaintenanceStarted',
  'CheckPaused',
  'CheckRetired',
  'CertificateExpiring',
  'CertificateRenewed',
];

/**
 * One message per outbox key: an event that edits one message twice (a parent's recovery, then the release of a
 * child it listed) writes the message as it is last, in the place of the first edit.
 */
function lastPerKey(messages: readonly ReactorMessage[]): ReactorMessage[] {
  const byKey = new Map<string, ReactorMessage>();
  for (const message of messages) byKey.set(message.dedupeKey, message);
  const seen = new Set<string>();
  const result: ReactorMessage[] = [];
  for (const message of messages) {
    if (seen.has(message.dedupeKey)) continue;
    seen.add(message.dedupeKey);
    result.push(byKey.get(message.dedupeKey) ?? message);
  }
  return result;
}

/**
 * The notification reactor of monitoring alerts (#15). A server of a group that goes DOWN is told in the group's
 * chat and topic (a server in no group, or in a group without a route, in the admins' chat of
 * `monitoring.adminsChat`; with that empty, a row for nobody the sender logs and counts); servers of one group going DOWN within `monitoring.alertGroupingSeconds` of the first share
 * one message, edited as more join, as they recover and as someone acknowledges; a DOWN held back because its
 * parent is down is not sent, the parent's message lists it, and it is told on its own once the parent is up
 * again while it is still down. Recoveries are always told: one without a message to edit sends one. Its
 * effect is outbox rows, written with its checkpoint; the sender renders them.
 * It keeps the groups' routes, the servers' names and its messages itself (no read model of another branch).
 * Grouping is decided on the events' own times and the setting as its events say, so a replay decides the same.
 */
export const monitoringNoticesReactor: Projector = {
  name: MONITORING_NOTICES,
  // 2: the checks' resend intervals and the open incidents the reminders are for (a rebuild fills them).
  // 3: every open incident, and the DOWNs held behind a parent (told when the parent is up again).
  // 4: the admins' chat setting, where alerts of unrouted servers go.
  // 5: the groups' quiet hours (alerts and reminders inside them go without a sound).
  // 6: the groups' status rules (the alert says whether the group as a whole is DOWN).
  // 7: the checks' URLs, for certificate warnings.
  version: 7,
  schema: 'notifications',
  tables: ALERT_TABLES,
  eventTypes: [...DIRECTORY_EVENT_TYPES, ...ALERT_EVENT_TYPES],

  createTables: createAlertTables,
  createIndexes: createAlertIndexes,

  async apply(events, trx, tables) {
    const messages: ReactorMessage[] = [];
    for (const recorded of events) {
      messages.push(...(await applyOne(recorded, trx, tables)));
    }
    await writeOutbox(trx, lastPerKey(messages));
  },
};

async function applyOne(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  // The subscription delivers only the types listed above.
  const event = { type: recorded.type, data: recorded.data } as
    AlertEvent | Parameters<typeof keepDirectory>[0];
  if (isDirectoryEvent(event)) {
    await keepDirectory(event, trx, tables);
    return [];
  }
  switch (event.type) {
    case 'ServerWentDown':
      return present(await wentDown(recorded, event.data, trx, tables));
    case 'ServerRecovered':
      return recovered(recorded, event.data, trx, tables);
    case 'IncidentAcknowledged': {
      await endReminders(event.data.incidentId, trx, tables);
      const edit = await updateMember(recorded, event.data.incidentId, trx, tables, (member) =>
        member.acknowledgedBy === null
          ? { ...member, acknowledgedBy: alertActorOf(recorded.metadata.actor) }
          : null,
      );
      return present(edit);
    }
    case 'MaintenanceStarted':
      return endedSilently(recorded, event.data, 'maintenance', trx, tables);
    case 'CheckPaused':
      return endedSilently(recorded, event.data, 'paused', trx, tables);
    case 'CheckRetired':
      return endedSilently(recorded, event.data, 'removed', trx, tables);
    case 'CertificateExpiring':
      return present(await certificateNotice(recorded, event.data, false, trx, tables));
    case 'CertificateRenewed':
      return present(await certificateNotice(recorded, event.data, true, trx, tables));
  }
}

const present = (message: ReactorMessage | null | undefined): ReactorMessage[] => (message ? [message] : []);

/** An incident that ended without a recovery: its alert says why, and nothing is sent anew. */
async function endedSilently(
  recorded: RecordedEvent,
  data: { serverId: string; at: string; closedIncident: ClosedIncident | null },
  state: Exclude<AlertMemberState, 'down' | 'up'>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  const closed = data.closedIncident;
  if (closed === null) return [];
  await endReminders(closed.incidentId, trx, tables);
  await closeIncident(closed.incidentId, trx, tables);
  const edit = await updateMember(recorded, closed.incidentId, trx, tables, (member) =>
    member.state === 'down' ? { ...member, state } : null,
  );
  return [...present(edit), ...(await releaseChildren(recorded, data.serverId, data.at, trx, tables))];
}

type DownData = Extract<CheckStateEvent, { type: 'ServerWentDown' }>['data'];
type RecoveredData = Extract<CheckStateEvent, { type: 'ServerRecovered' }>['data'];

async function wentDown(
  recorded: RecordedEvent,
  data: DownData,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  if (await memberMessage(data.incidentId, trx, tables)) return null;
  // Held back only while the reactor, too, sees the parent down: a parent whose recovery came first in the
  // log would never release it.
  const parentId =
    data.parentDown && (await serverIsDown(data.parentDown.serverId, trx, tables))
      ? data.parentDown.serverId
      : null;
  await openIncident(
    {
      incident_id: data.incidentId,
      check_id: data.checkId,
      server_id: data.serverId,
      since: data.failingSince,
      first_error: data.firstError,
      held_behind: parentId,
    },
    trx,
    tables,
  );
  const member: AlertMember = {
    incidentId: data.incidentId,
    checkId: data.checkId,
    serverId: data.serverId,
    serverName: await serverName(data.serverId, trx, tables),
    since: data.failingSince,
    firstError: data.firstError,
    state: 'down',
    downForSeconds: null,
    suppressedBy: parentId,
    acknowledgedBy: null,
  };
  if (parentId !== null) {
    // Held back: listed under the parent's alert, if the parent has one still showing it down.
    const parent = await openMessageOfServer(parentId, trx, tables);
    if (!parent) return null;
    return joinMessage(recorded, parent, member, trx, tables);
  }
  const destination = await serverRoute(data.serverId, trx, tables);
  if ('unrouted' in destination) return unroutedRow(recorded, destination.unrouted, data.incidentId, 'down');
  const { route } = destination;
  const windowSeconds = await groupingSeconds(trx, tables);
  const open = await openMessageOfGroup(route.group_id, data.at, windowSeconds, trx, tables);
  if (open) return joinMessage(recorded, open, member, trx, tables);
  return newMessage(recorded, route, member, data.at, trx, tables);
}

async function recovered(
  recorded: RecordedEvent,
  data: RecoveredData,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  await endReminders(data.incidentId, trx, tables);
  await closeIncident(data.incidentId, trx, tables);
  const released = await releaseChildren(recorded, data.serverId, data.at, trx, tables);
  const edited = await updateMember(recorded, data.incidentId, trx, tables, (member) =>
    member.state === 'up' ? null : { ...member, state: 'up', downForSeconds: data.downForSeconds },
  );
  // In the order they were made: the last edit of a message is the one kept (`lastPerKey`).
  if (edited !== undefined) return [...released, ...present(edited)];
  // Never suppressed: a recovery whose DOWN has no message of its own (held back, or before this reactor)
  // is told in a message of its own.
  const destination = await serverRoute(data.serverId, trx, tables);
  if ('unrouted' in destination) {
    return [...released, unroutedRow(recorded, destination.unrouted, data.incidentId, 'up')];
  }
  const { route } = destination;
  const own = await newMessage(
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
  return [...released, own];
}

/**
 * The parent `serverId` is up again (its last open incident recovered or ended): the DOWNs held behind it that
 * are still down are told now. Each in a message of its own, even when a message of its group is open: an edit
 * makes no sound in Telegram, and a sysadmin who sees the router come back must hear that the printer behind it
 * is still down (a cable, not the router). Its line under the parent's message goes, so it shows in one place.
 */
async function releaseChildren(
  recorded: RecordedEvent,
  serverId: string,
  at: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  if (await serverIsDown(serverId, trx, tables)) return [];
  const messages: ReactorMessage[] = [];
  for (const child of await releaseHeldBehind(serverId, trx, tables)) {
    const removed = await updateMember(recorded, child.incident_id, trx, tables, () => 'remove');
    messages.push(...present(removed));
    const told = await tellReleased(recorded, child, at, trx, tables);
    if (told) messages.push(told);
  }
  return messages;
}

async function tellReleased(
  recorded: RecordedEvent,
  child: OpenIncident,
  at: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  const destination = await serverRoute(child.server_id, trx, tables);
  if ('unrouted' in destination)
    return unroutedRow(recorded, destination.unrouted, child.incident_id, 'down');
  const { route } = destination;
  const member: AlertMember = {
    incidentId: child.incident_id,
    checkId: child.check_id,
    serverId: child.server_id,
    serverName: route.name,
    since: child.since,
    firstError: child.first_error,
    state: 'down',
    downForSeconds: null,
    suppressedBy: null,
    acknowledgedBy: null,
  };
  return newMessage(recorded, route, member, at, trx, tables, true);
}
