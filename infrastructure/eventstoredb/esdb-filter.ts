import { type Filter, eventTypeFilter, excludeSystemEvents, streamNameFilter } from '@eventstore/db-client';
import type { EventFilter, RecordedEvent } from '../../application/ports/index.ts';

export interface EsdbFilter {
  /** What EventStoreDB filters on the server: one of stream name or event type (it takes one). */
  readonly server: Filter;
  /** What is left to check here: the other half of a filter on both. */
  readonly matches: (event: RecordedEvent) => boolean;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The port's filter as an EventStoreDB server-side filter. A stream prefix is filtered on the server (it is
 * the more selective of the two in TBot: a stream is one aggregate); event types are too when no prefix is
 * given, as an anchored regex; with both, the types are checked here on what the server sent. No filter
 * still excludes EventStoreDB's system events.
 */
export function esdbFilterOf(filter: EventFilter | undefined): EsdbFilter {
  const types = filter?.eventTypes && filter.eventTypes.length > 0 ? new Set(filter.eventTypes) : null;
  const prefix = filter?.streamPrefix ? filter.streamPrefix : null;
  if (prefix !== null) {
    return {
      server: streamNameFilter({ prefixes: [prefix] }),
      matches: types ? (event) => types.has(event.type) : () => true,
    };
  }
  if (types !== null) {
    return {
      server: eventTypeFilter({ regex: `^(?:${[...types].map(escapeRegex).join('|')})$` }),
      matches: () => true,
    };
  }
  return { server: excludeSystemEvents(), matches: () => true };
}
