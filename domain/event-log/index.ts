export type {
  DatabaseCopied,
  DatabaseCopiedData,
  EventLogOperatorEvent,
  EventLogRenumbered,
  EventLogRenumberedData,
} from './event-log-events.ts';
export { EVENT_LOG_STREAM } from './event-log-events.ts';
