import type { Actor } from '../../domain/shared/index.ts';
import { type Checkpoint, type RecordedEvent, compareCheckpoints } from '../ports/index.ts';

export type ActorKind = Actor['kind'];

export const ACTOR_KINDS: readonly ActorKind[] = ['admin', 'telegram', 'system', 'cli', 'import'];

/** An actor to look for: its id, and its kind when the id alone is ambiguous (`telegram:42`). */
export interface ActorFilter {
  readonly id: string;
  readonly kind?: ActorKind;
}

/**
 * Which events an audit question is about; every given field narrows, an empty filter wants all. Times
 * compare the event's `metadata.occurredAt` (when the command was accepted, the time the actor saw), not
 * when the row was written: `since` inclusive, `until` exclusive.
 */
export interface AuditFilter {
  readonly actor?: ActorFilter;
  /** Exactly this stream. */
  readonly streamId?: string;
  /** Streams whose id starts with this (`employee-`). */
  readonly streamPrefix?: string;
  /** Any of these event types. */
  readonly eventTypes?: readonly string[];
  readonly since?: Date;
  readonly until?: Date;
  readonly correlationId?: string;
  /**
   * Events at this checkpoint or later in log order: by (transaction, position), never the position alone, or an
   * event committed late (a higher position before a lower one) would be left out.
   */
  readonly from?: Checkpoint;
}

/**
 * `kind:id` when the part before the first colon is an actor kind (`cli:alice`, `telegram:42`), else the
 * whole text is an id of any kind.
 */
export function parseActorFilter(text: string): ActorFilter {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  return isActorKind(kind) ? { kind, id: text.slice(colon + 1) } : { id: text };
}

function isActorKind(value: string): value is ActorKind {
  return (ACTOR_KINDS as readonly string[]).includes(value);
}

/** The filter as a predicate, for events already read (a live tail); the SQL query applies the same rules. */
export function matchesAuditFilter(event: RecordedEvent, filter: AuditFilter): boolean {
  const { actor, correlationId, occurredAt } = event.metadata;
  if (
    filter.actor &&
    (actor.id !== filter.actor.id || (filter.actor.kind && actor.kind !== filter.actor.kind))
  )
    return false;
  if (filter.streamId !== undefined && event.streamId !== filter.streamId) return false;
  if (filter.streamPrefix !== undefined && !event.streamId.startsWith(filter.streamPrefix)) return false;
  if (filter.eventTypes && filter.eventTypes.length > 0 && !filter.eventTypes.includes(event.type))
    return false;
  if (filter.correlationId !== undefined && correlationId !== filter.correlationId) return false;
  if (filter.from !== undefined && compareCheckpoints(event.checkpoint, filter.from) < 0) return false;
  if (filter.since || filter.until) {
    const time = Date.parse(occurredAt);
    if (Number.isNaN(time)) return false;
    if (filter.since && time < filter.since.getTime()) return false;
    if (filter.until && time >= filter.until.getTime()) return false;
  }
  return true;
}
