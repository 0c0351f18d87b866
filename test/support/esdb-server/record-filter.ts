import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { LogRecord } from './in-memory-log.ts';

export interface RecordFilter {
  matches(record: LogRecord): boolean;
}

/**
 * A server-side `$all` filter as EventStoreDB applies it: on the stream name or on the event type, by a list
 * of prefixes (any matches) or by a regular expression.
 */
export function recordFilterOf(
  options: StreamsPb.ReadReq.Options.FilterOptions | undefined,
): RecordFilter | null {
  if (!options) return null;
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) return null;
  const prefixes = expression.getPrefixList();
  const pattern = expression.getRegex();
  const regex = pattern ? new RegExp(pattern) : null;
  return {
    matches(record) {
      const subject = onStream ? record.streamId : record.type;
      if (prefixes.length > 0) return prefixes.some((prefix) => subject.startsWith(prefix));
      return regex ? regex.test(subject) : true;
    },
  };
}
