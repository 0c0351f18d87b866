import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  FORWARDS,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import type {
  Checkpoint,
  EventFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Upcaster,
} from '../../application/ports/index.ts';
import { checkpointOf, isSystemEvent, positionOf, toRecordedEvent } from './esdb-event-codec.ts';
import { esdbFilterOf } from './esdb-filter.ts';

/** Events per page when the store pages through `$all` itself (unfiltered reads, the head). */
const PAGE = 500;

/** A stream's events; a stream EventStoreDB does not know reads as empty, as on PostgreSQL. */
export async function readEsdbStream(
  client: EventStoreDBClient,
  upcasters: readonly Upcaster[],
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const events: RecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    }))
      events.push(toRecordedEvent(resolved, upcasters));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
}

/**
 * Events after `from` (exclusive) in `$all` order. Unfiltered: pages of `readAll` (EventStoreDB's read of a
 * position includes the event at it: skipped). Filtered: a subscription with the server-side filter, read up
 * to `CaughtUp` (EventStoreDB 23.10+), because the client's `readAll` takes no filter. `$all` is totally
 * ordered and every event in it is committed: no horizon to wait for, as on PostgreSQL.
 */
export async function readEsdbAll(
  client: EventStoreDBClient,
  upcasters: readonly Upcaster[],
  from: Checkpoint | null,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  const maxCount = options.maxCount ?? 1000;
  if (maxCount <= 0) return [];
  return hasFilter(options.filter)
    ? readFiltered(client, upcasters, from, options.filter ?? {}, maxCount)
    : readUnfiltered(client, upcasters, from, maxCount);
}

const hasFilter = (filter: EventFilter | undefined) =>
  Boolean(filter?.streamPrefix) || (filter?.eventTypes?.length ?? 0) > 0;

async function readUnfiltered(
  client: EventStoreDBClient,
  upcasters: readonly Upcaster[],
  from: Checkpoint | null,
  maxCount: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let position = from ? positionOf(from) : null;
  for (;;) {
    let read = 0;
    let last: ResolvedEvent | null = null;
    for await (const resolved of client.readAll({
      fromPosition: position ?? START,
      maxCount: Math.min(PAGE, maxCount - events.length + 1),
    })) {
      read += 1;
      last = resolved;
      const at = resolved.event?.position;
      if (position && at && at.commit === position.commit && at.prepare === position.prepare) continue;
      if (isSystemEvent(resolved)) continue;
      events.push(toRecordedEvent(resolved, upcasters));
      if (events.length === maxCount) return events;
    }
    const lastPosition = last?.event?.position;
    if (!lastPosition || read < Math.min(PAGE, maxCount - events.length + 1)) return events;
    position = lastPosition;
  }
}

async function readFiltered(
  client: EventStoreDBClient,
  upcasters: readonly Upcaster[],
  from: Checkpoint | null,
  filter: EventFilter,
  maxCount: number,
): Promise<RecordedEvent[]> {
  const { server, matches } = esdbFilterOf(filter);
  const subscription = client.subscribeToAll({
    fromPosition: from ? positionOf(from) : START,
    filter: server,
  });
  const caughtUp = Symbol('caught up');
  // Pushed into the subscription's own buffer, behind every event the server sent before it.
  subscription.on('caughtUp', () => subscription.push(caughtUp));
  const events: RecordedEvent[] = [];
  try {
    for await (const item of subscription as AsyncIterable<ResolvedEvent | typeof caughtUp>) {
      if (item === caughtUp) break;
      if (isSystemEvent(item)) continue;
      const event = toRecordedEvent(item, upcasters);
      if (!matches(event)) continue;
      events.push(event);
      if (events.length === maxCount) break;
    }
  } finally {
    await subscription.unsubscribe();
  }
  return events;
}

/** The checkpoint of the last TBot event in `$all` (system events after it are passed over), or `null`. */
export async function esdbHeadCheckpoint(client: EventStoreDBClient): Promise<Checkpoint | null> {
  let position: ReadPosition = END;
  for (let page = 0; page < 20; page += 1) {
    let read = 0;
    const pageOf: AsyncIterable<ResolvedEvent> = client.readAll({
      fromPosition: position,
      direction: BACKWARDS,
      maxCount: PAGE,
    });
    for await (const resolved of pageOf) {
      read += 1;
      const at: Position | undefined = resolved.event?.position;
      if (!at) continue;
      if (!isSystemEvent(resolved)) return checkpointOf(at);
      position = at;
    }
    if (read < PAGE) return null;
  }
  return null;
}
