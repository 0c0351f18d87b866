import type { ServerGroupEvent } from './server-group-events.ts';
import type { CheckStateEvent } from './check-state-events.ts';
import type { MaintenanceWindowEvent } from './maintenance-events.ts';
import type { ServerEvent } from './server-events.ts';
import type { ServerNameEvent } from './server-name-claim.ts';
import type { SelfWatchEvent } from './self-watch-events.ts';

/** Every event of the monitoring feature, for the audit registry. */
export type MonitoringEvent =
  | ServerGroupEvent
  | ServerEvent
  | ServerNameEvent
  | CheckStateEvent
  | MaintenanceWindowEvent
  | SelfWatchEvent;
