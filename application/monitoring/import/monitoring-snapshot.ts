import {
  SERVER_EVENT_TYPES,
  SERVER_GROUP_EVENT_TYPES,
  type ServerGroupState,
  type ServerState,
  serverDecider,
  serverGroupDecider,
} from '../../../domain/monitoring/index.ts';
import { type Decider, type Event, fold } from '../../../domain/shared/index.ts';
import type { Checkpoint, EventStore, RecordedEvent } from '../../ports/index.ts';

const PAGE = 5000;

/** A server that is not removed (the type's `status` admits `removed`: the snapshot holds none such). */
export type LiveServer = Exclude<ServerState, { status: 'none' }>;
/** A group that is not removed. */
export type LiveGroup = Exclude<ServerGroupState, { status: 'none' }>;

/** The servers and groups there are (not removed), as an import compares its sheet with them. */
export interface MonitoringSnapshot {
  readonly groups: readonly LiveGroup[];
  readonly servers: readonly LiveServer[];
}

/**
 * Reads every server and group stream from the log in pages (one read per stream would take a while for
 * thousands of servers) and folds each: the log, not a read model, so that what was written a moment ago
 * (a previous import) is seen. What commits while it reads is met by the commands' own checks.
 */
export async function loadMonitoringSnapshot(store: EventStore): Promise<MonitoringSnapshot> {
  const eventTypes = [...SERVER_GROUP_EVENT_TYPES, ...SERVER_EVENT_TYPES];
  const streams = new Map<string, RecordedEvent[]>();
  let from: Checkpoint | null = null;
  for (;;) {
    const page = await store.readAll(from, { filter: { eventTypes }, maxCount: PAGE });
    for (const event of page) {
      const events = streams.get(event.streamId);
      if (events) events.push(event);
      else streams.set(event.streamId, [event]);
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    from = last.checkpoint;
  }
  const groups: LiveGroup[] = [];
  const servers: LiveServer[] = [];
  const groupTypes = new Set<string>(SERVER_GROUP_EVENT_TYPES);
  for (const events of streams.values()) {
    if (groupTypes.has(events[0]?.type ?? '')) {
      const state = fold(serverGroupDecider as Decider<never, Event, ServerGroupState>, events);
      if (state.status === 'active') groups.push(state);
    } else {
      const state = fold(serverDecider as Decider<never, Event, ServerState>, events);
      if (state.status === 'active' || state.status === 'paused') servers.push(state);
    }
  }
  return { groups, servers };
}
