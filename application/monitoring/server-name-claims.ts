import {
  type ServerEvent,
  serverDecider,
  serverNameDecider,
  serverNameKey,
  serverNameStreamId,
  serverStreamId,
} from '../../domain/monitoring/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import { type CommandContext, aggregateStream, makeCommandHandler } from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';
import { loadServer } from './monitoring-lookups.ts';

/** Every name key a server has had, from its own stream. */
function nameKeysOf(events: readonly ServerEvent[]): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.type === 'ServerRegistered') keys.add(serverNameKey(event.data.name));
    if (event.type === 'ServerRenamed') keys.add(serverNameKey(event.data.from));
  }
  return keys;
}

/**
 * The server name claim streams (`monitoring-name-<key>`), as the workstations' host names: claimed before a
 * server takes a name, released after it gives one up, idempotent per server so a retry runs them again.
 */
export function makeServerNameClaims(store: EventStore) {
  const handle = makeCommandHandler({
    store,
    decider: serverNameDecider,
    streamId: (c) => serverNameStreamId(c.data.nameKey),
  });
  const release = (nameKey: string, serverId: string, write: CommandContext) =>
    handle({ type: 'ReleaseServerName', data: { nameKey, serverId }, metadata: write.metadata });

  return {
    /**
     * Claims `name` (already normalised) for `serverId`, or throws `SERVER.NAME_TAKEN`. A name still held by
     * a removed server (whose release did not happen) is released on its behalf first.
     */
    async claim(name: string, serverId: string, write: CommandContext): Promise<void> {
      const nameKey = serverNameKey(name);
      // No idempotency key: a claim given back after a refused rename must be taken again by the retry, and
      // the claim decider already does nothing when the same server claims its name again.
      const claim = () =>
        handle({ type: 'ClaimServerName', data: { nameKey, serverId }, metadata: write.metadata });
      try {
        await claim();
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'SERVER.NAME_TAKEN') throw error;
        const holder = String(error.context['serverId']);
        if ((await loadServer(store, holder)).status !== 'removed') throw error;
        await release(nameKey, holder, write);
        await claim();
      }
    },

    /**
     * Releases `name` (already normalised), claimed by `serverId` for a rename that was then refused, unless
     * the server is called so now.
     */
    async releaseUnheld(name: string, serverId: string, write: CommandContext): Promise<void> {
      const nameKey = serverNameKey(name);
      const server = await loadServer(store, serverId);
      const held =
        server.status === 'active' || server.status === 'paused' ? serverNameKey(server.name) : null;
      if (nameKey !== held) await release(nameKey, serverId, write);
    },

    /** Releases every name the server once had and holds no more: all of them once it is removed. */
    async releaseStale(serverId: string, write: CommandContext): Promise<void> {
      const { state, events } = await aggregateStream(store, serverDecider, serverStreamId(serverId));
      const current =
        state.status === 'none' || state.status === 'removed' ? null : serverNameKey(state.name);
      for (const nameKey of nameKeysOf(events)) {
        if (nameKey !== current) await release(nameKey, serverId, write);
      }
    },
  };
}

export type ServerNameClaims = ReturnType<typeof makeServerNameClaims>;
