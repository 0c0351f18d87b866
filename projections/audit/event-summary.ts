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
 * (names, phones, e-mail, which events keep encrypted), nor a person's name as the actor. Say *what* changed
 * ("phone changed"), never the value.
 */
export const summaries: Readonly<Partial<Record<string, EventSummary>>> = {};

/**
 * Who, as the audit log may keep it for good: a person (a web-admin or Telegram user) by their kind and id,
 * never their name (encrypted in the log with their own key, resolved when the audit log is read, gone once
 * they are forgotten); a node, a job or an operating-system account by its name.
 */
export function auditActorLabel(actor: RecordedEvent['metadata']['actor']): string {
  return isPersonActor(actor) ? `${actor.kind}:${actor.id}` : actor.name;
}

/** Web-admin and Telegram users are people; `system`, `cli` and `import` actors are not. */
export function isPersonActor(actor: RecordedEvent['metadata']['actor']): boolean {
  return actor.kind === 'admin' || actor.kind === 'telegram';
}

const generic: EventSummary = (event) =>
  `${event.type} on ${event.streamId} by ${auditActorLabel(event.metadata.actor)}`;

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
