import {
  type HostnameEvent,
  type WorkstationEvent,
  hostnameDecider,
  hostnameStreamId,
  workstationDecider,
  workstationStreamId,
} from '../../domain/employees/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import {
  type CommandContext,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';
import { loadWorkstation } from './employees-lookups.ts';

/** Every host name a workstation has had, from its own stream. */
function hostnamesOf(events: readonly WorkstationEvent[]): Set<string> {
  const names = new Set<string>();
  for (const event of events) {
    if (event.type === 'WorkstationRegistered') names.add(event.data.details.hostname);
    if (event.type === 'WorkstationDetailsChanged') {
      for (const change of event.data.changes) {
        if (change.field === 'hostname' && change.from !== null) names.add(change.from);
      }
    }
  }
  return names;
}

/**
 * The host name claim streams (`workstation-hostname-<hostname>`): claimed before a workstation takes a name,
 * released after it gives one up. Claims and releases are idempotent per workstation, so a retry just runs
 * them again.
 */
export function makeHostnameClaims(store: EventStore) {
  const handle = makeCommandHandler({
    store,
    decider: hostnameDecider,
    streamId: (c) => hostnameStreamId(c.data.hostname),
  });
  const release = (hostname: string, workstationId: string, write: CommandContext) =>
    handle({ type: 'ReleaseHostname', data: { hostname, workstationId }, metadata: write.metadata });

  return {
    /**
     * Claims `hostname` for `workstationId`, or throws `WORKSTATION.HOSTNAME_TAKEN`. A name still held by a
     * retired workstation (whose release did not happen) is released on its behalf first.
     */
    async claim(hostname: string, workstationId: string, write: CommandContext): Promise<void> {
      const claim = () =>
        handle(
          { type: 'ClaimHostname', data: { hostname, workstationId }, metadata: write.metadata },
          handleOptions(write, 'hostname-claim'),
        );
      try {
        await claim();
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'WORKSTATION.HOSTNAME_TAKEN') throw error;
        const holder = String(error.context['workstationId']);
        if ((await loadWorkstation(store, holder)).status !== 'retired') throw error;
        await release(hostname, holder, write);
        await claim();
      }
    },

    /**
     * Releases every name the workstation once had and holds no more: all of them once it is retired. Run
     * after a rename or a retirement, and again on their retry, it completes a release a crash cut short.
     */
    async releaseStale(workstationId: string, write: CommandContext): Promise<void> {
      const { state, events } = await aggregateStream(
        store,
        workstationDecider,
        workstationStreamId(workstationId),
      );
      const current = state.status === 'active' ? state.details.hostname : null;
      for (const hostname of hostnamesOf(events)) {
        if (hostname !== current) await release(hostname, workstationId, write);
      }
    },

    /** Who holds `hostname` now, or `null`. */
    async holder(hostname: string): Promise<string | null> {
      const events = await store.readStream<HostnameEvent>(hostnameStreamId(hostname));
      const last = events.at(-1);
      return last?.type === 'HostnameClaimed' ? last.data.workstationId : null;
    },
  };
}

export type HostnameClaims = ReturnType<typeof makeHostnameClaims>;
