import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import { isQuietAt } from '../../domain/monitoring/index.ts';
import { checkUrl, serverRoute } from './monitoring-alert-directory.ts';
import { type CertificateParams, MONITORING_CERTIFICATE_KIND } from './monitoring-alert-message.ts';
import { unroutedRow } from './monitoring-alert-messages.ts';
import { MONITORING_NOTICES } from './monitoring-alert-tables.ts';
import type { ReactorMessage } from './outbox-writes.ts';

const DAY_MS = 86_400_000;

/**
 * A certificate warning (`CertificateExpiring`, once per certificate by the decider) or its renewal, told in
 * the server's group's route (or the admins' chat): a message of its own, one per event (its dedupe key), no
 * edits, no button: nothing to take, only to renew.
 */
export async function certificateNotice(
  recorded: RecordedEvent,
  data: { checkId: string; serverId: string; at: string; validTo: string },
  renewed: boolean,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage | null> {
  const destination = await serverRoute(data.serverId, trx, tables);
  if ('unrouted' in destination) {
    return unroutedRow(recorded, destination.unrouted, `${data.checkId}:certificate`, 'certificate');
  }
  const { route } = destination;
  const url = await checkUrl(data.checkId, trx, tables);
  // Decided on the probe's own time, not now: a replay says the same number of days.
  const daysLeft = Math.max(0, Math.ceil((Date.parse(data.validTo) - Date.parse(data.at)) / DAY_MS));
  const params: CertificateParams = {
    serverName: route.name,
    url: url ?? '—',
    validTo: data.validTo,
    daysLeft,
    renewed,
  };
  const silent = isQuietAt(route.quiet_hours, new Date(data.at));
  return {
    dedupeKey: `${recorded.eventId}:monitoring:certificate:${route.chat_id}`,
    reactor: MONITORING_NOTICES,
    kind: MONITORING_CERTIFICATE_KIND,
    chatId: Number(route.chat_id),
    threadId: route.thread_id === null ? null : Number(route.thread_id),
    params: params as unknown as Record<string, unknown>,
    ...(silent ? { silent } : {}),
    recordedAt: recorded.recordedAt,
  };
}
