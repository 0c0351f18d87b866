import {
  MAX_SERVER_DEPTH,
  type ServerGroupRef,
  type ServerParentRef,
  serverDecider,
  serverGroupDecider,
  serverGroupStreamId,
  serverStreamId,
} from '../../domain/monitoring/index.ts';
import { aggregateStream } from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

/** The server's current state, from its stream. */
export const loadServer = async (store: EventStore, serverId: string) =>
  (await aggregateStream(store, serverDecider, serverStreamId(serverId))).state;

/** The group's current state, from its stream. */
export const loadServerGroup = async (store: EventStore, groupId: string) =>
  (await aggregateStream(store, serverGroupDecider, serverGroupStreamId(groupId))).state;

/** A group and its status, for a command that puts a server into it. */
export async function serverGroupRef(store: EventStore, groupId: string): Promise<ServerGroupRef> {
  return { groupId, status: (await loadServerGroup(store, groupId)).status };
}

/**
 * A prospective parent with its own parents, read up the chain one server stream at a time and never further
 * than {@link MAX_SERVER_DEPTH}: the decider refuses a cycle from it. Read from the streams, not a read
 * model, so that a parent set a moment ago is seen.
 */
export async function serverParentRef(store: EventStore, parentId: string): Promise<ServerParentRef> {
  const parent = await loadServer(store, parentId);
  const ancestorIds: string[] = [];
  let next = parent.status === 'none' ? null : parent.parentId;
  while (next !== null && ancestorIds.length < MAX_SERVER_DEPTH && !ancestorIds.includes(next)) {
    ancestorIds.push(next);
    const ancestor = await loadServer(store, next);
    next = ancestor.status === 'none' ? null : ancestor.parentId;
  }
  return { serverId: parentId, status: parent.status, ancestorIds };
}
