import type {
  DepartmentEvent,
  EmployeeEvent,
  HostnameEvent,
  WorkstationEvent,
} from '../../domain/employees/index.ts';
import type { MonitoringEvent } from '../../domain/monitoring/index.ts';
import type {
  OtrsAgentEvent,
  OtrsAgentLinkEvent,
  OtrsAgentLoginEvent,
  OtrsRoutingEvent,
  TicketEvent,
} from '../../domain/otrs/index.ts';
import type { EventLogOperatorEvent } from '../../domain/event-log/index.ts';
import type { ProjectionOperatorEvent } from '../../domain/projections/index.ts';
import type { SettingsEvent } from '../../domain/settings/index.ts';
import type {
  TelegramChatEvent,
  TelegramUpdateFailed,
  TelegramUserEvent,
} from '../../domain/telegram/index.ts';
import type { UserEvent, UsernameReserved, UsernameSkeletonReserved } from '../../domain/users/index.ts';

/**
 * Every event type the domain defines. The audit tools' redaction registry is keyed by it, so a new event
 * type does not compile until someone has said which of its fields a reader may see.
 */
export type KnownEvent =
  | UserEvent
  | UsernameReserved
  | UsernameSkeletonReserved
  | DepartmentEvent
  | EmployeeEvent
  | WorkstationEvent
  | HostnameEvent
  | ProjectionOperatorEvent
  | EventLogOperatorEvent
  | SettingsEvent
  | TelegramUserEvent
  | TelegramChatEvent
  | TelegramUpdateFailed
  | MonitoringEvent
  | OtrsAgentEvent
  | OtrsAgentLinkEvent
  | OtrsAgentLoginEvent
  | OtrsRoutingEvent
  | TicketEvent;

export type KnownEventType = KnownEvent['type'];
