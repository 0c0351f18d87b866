import type { RecordedEvent } from '../../application/ports/index.ts';

/** Summaries longer than this are cut, so one chatty event cannot bloat every audit page. */
export const SUMMARY_MAX_LENGTH = 300;

/** Describes one event in a short English sentence, without its reason (added to every summary). */
export type EventSummary = (event: RecordedEvent) => string;

/**
 * Summaries by event type. Features add theirs here as their events arrive (`...employeeSummaries`); an
 * event without one gets the generic `<EventType> on <stream> by <actor name>`.
 *
 * Whoever can read the audit log reads these: a summary must never contain a secret or personal data
 * (names, phones, e-mail, which events keep encrypted) beyond the actor's display name. Say *what* changed
 * ("phone changed"), never the value.
 */
export const summaries: Readonly<Partial<Record<string, EventSummary>>> = {};

const generic: EventSummary = (event) => `${event.type} on ${event.streamId} by ${event.metadata.actor.name}`;

/**
 * One line for the audit log: the event type's summary (or the generic one), then `: <reason>` when the
 * metadata gives one; whitespace collapsed, at most {@link SUMMARY_MAX_LENGTH} characters.
 */
export function summarize(event: RecordedEvent, registry = summaries): string {
  const what = (registry[event.type] ?? generic)(event);
  const reason = event.metadata.reason?.trim();
  const line = (reason ? `${what}: ${reason}` : what).replace(/\s+/g, ' ').trim();
  // Cut by code points, as PostgreSQL counts them, never inside a surrogate pair.
  const characters = [...line];
  return characters.length <= SUMMARY_MAX_LENGTH
    ? line
    : `${characters.slice(0, SUMMARY_MAX_LENGTH - 1).join('')}…`;
}
