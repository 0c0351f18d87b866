import type { RecordedEvent } from '../ports/index.ts';
import type { AuditEventLog } from './audit-event-log.ts';
import { type AuditReader, redactEvent } from './redact-event-data.ts';

async function* redactedPages(
  pages: AsyncIterable<RecordedEvent[]>,
  reader: AuditReader,
): AsyncIterable<RecordedEvent[]> {
  for await (const page of pages) yield page.map((event) => redactEvent(event, reader));
}

/**
 * The audit event log as `reader` may see it: every event it yields has its data redacted (see
 * `EVENT_DATA_REDACTIONS`), so whatever renders it (audit API, CLI, web admin) needs no redaction of its own.
 */
export function redactedAuditEventLog(log: AuditEventLog, reader: AuditReader): AuditEventLog {
  const one = (event: RecordedEvent | null) => event && redactEvent(event, reader);
  return {
    head: () => log.head(),
    pages: (filter, options) => redactedPages(log.pages(filter, options), reader),
    last: async (filter, count, upTo) =>
      (await log.last(filter, count, upTo)).map((event) => redactEvent(event, reader)),
    findById: async (eventId) => one(await log.findById(eventId)),
    findByPosition: async (position) => one(await log.findByPosition(position)),
    streamPages: (streamId, until, pageSize) =>
      redactedPages(log.streamPages(streamId, until, pageSize), reader),
  };
}
