import {
  MAX_CHECKS_PER_SERVER,
  type ParentDown,
  checkStateDecider,
  checkStateStreamId,
} from '../../domain/monitoring/index.ts';
import { aggregateStream } from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';
import { loadServer } from './monitoring-lookups.ts';

/**
 * When the server `serverId` depends on is down, that parent and since when (the earliest DOWN among its
 * checks: a server is DOWN while any of its checks is); `null` when it has no parent or the parent is up.
 * Read from the streams, and only for a check that is about to go DOWN, so it costs nothing while all is well.
 */
export async function parentDownOf(store: EventStore, serverId: string): Promise<ParentDown | null> {
  const server = await loadServer(store, serverId);
  if (server.status === 'none' || server.parentId === null) return null;
  const parent = await loadServer(store, server.parentId);
  if (parent.status !== 'active') return null;
  let since: string | null = null;
  for (const check of parent.checks.slice(0, MAX_CHECKS_PER_SERVER)) {
    const { state } = await aggregateStream(store, checkStateDecider, checkStateStreamId(check.checkId));
    if (state.status === 'down' && (since === null || state.incident.downSince < since)) {
      since = state.incident.downSince;
    }
  }
  return since === null ? null : { serverId: parent.serverId, since };
}
