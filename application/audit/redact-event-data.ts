import type { UserRole } from '../../domain/users/index.ts';
import type { RecordedEvent } from '../ports/index.ts';
import { type EventDataRedaction, EVENT_DATA_REDACTIONS, redactionOf } from './event-data-redactions.ts';

/**
 * Who reads event data through the audit tools: a web-admin role. `tbot events` reads as `admin` (whoever runs
 * it holds the database's credentials), and still never sees a secret.
 */
export type AuditReader = UserRole;

/** What a hidden value is shown as: the field stays, so the reader sees that it was there. */
export const REDACTED = '[redacted]';

function hidden(path: readonly string[], patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const parts = pattern.split('.');
    return parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i]);
  });
}

/** Copies `value`, putting {@link REDACTED} in place of every non-null value at a hidden path. */
function redactValue(
  value: unknown,
  path: readonly string[],
  parent: unknown,
  hide: (path: readonly string[], parent: unknown) => boolean,
): unknown {
  if (path.length > 0 && value !== null && value !== undefined && hide(path, parent)) return REDACTED;
  if (Array.isArray(value))
    return value.map((item: unknown) => redactValue(item, [...path, '*'], value, hide));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactValue(item, [...path, key], value, hide)]),
    );
  }
  return value;
}

/** `data` of an event of `type` as `reader` may see it; the stored event is not touched. */
export function redactEventData(
  type: string,
  data: unknown,
  reader: AuditReader,
  registry: Readonly<Record<string, EventDataRedaction>> = EVENT_DATA_REDACTIONS,
): unknown {
  const redaction = redactionOf(type, registry);
  if (!redaction) return data;
  const patterns = [...(redaction.secret ?? []), ...(reader === 'admin' ? [] : (redaction.adminOnly ?? []))];
  const { secretWhen } = redaction;
  if (patterns.length === 0 && !secretWhen) return data;
  return redactValue(
    data,
    [],
    null,
    (path, parent) => hidden(path, patterns) || (secretWhen?.(path, parent) ?? false),
  );
}

/** The event with its data as `reader` may see it. */
export function redactEvent<E extends RecordedEvent>(event: E, reader: AuditReader): E {
  const data = redactEventData(event.type, event.data, reader);
  return data === event.data ? event : { ...event, data: data as E['data'] };
}
