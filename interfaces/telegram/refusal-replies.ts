import type { AuditErrorCode } from '../../domain/audit/index.ts';
import type { AuthErrorCode } from '../../domain/auth/index.ts';
import type { EmployeesErrorCode } from '../../domain/employees/index.ts';
import type { MonitoringErrorCode } from '../../domain/monitoring/index.ts';
import type { OtrsErrorCode, OtrsGatewayErrorCode } from '../../domain/otrs/index.ts';
import type { PersonalDataErrorCode } from '../../domain/personal-data/index.ts';
import type { SettingsErrorCode } from '../../domain/settings/index.ts';
import type { DomainErrorCode } from '../../domain/shared/index.ts';
import type { TelegramErrorCode } from '../../domain/telegram/index.ts';
import type { UsersErrorCode } from '../../domain/users/index.ts';
import type { TextKey } from './i18n/index.ts';

/**
 * What the bot answers a command refused with a code, as text keys: `reply`, the message answering a typed
 * command (`/role`, `/block`: its `{id}` is the user the command named), and `button`, the notice answering
 * a pressed button (an access decision).
 */
export interface BotRefusal {
  readonly reply: TextKey;
  readonly button: TextKey;
}

/** The Telegram user an admin named is not there to act on, or their request was decided meanwhile. */
const USER_NOT_THERE: BotRefusal = { reply: 'userNotFound', button: 'alreadyDecided' };

const DECIDED: BotRefusal = { reply: 'alreadyDecided', button: 'alreadyDecided' };

/** A code no bot command is refused with (yet): if one is, the user learns only that it failed. */
const FAILED: BotRefusal = { reply: 'error', button: 'error' };

/*
 * One map per feature, each a `Record` over the feature's codes (as `problem-statuses.ts` does for HTTP): a code
 * added to a union does not compile until the bot is told what to answer it with.
 */

const TELEGRAM: Readonly<Record<TelegramErrorCode, BotRefusal>> = {
  'TELEGRAM_USER.NOT_FOUND': USER_NOT_THERE,
  'TELEGRAM_USER.FORGOTTEN': USER_NOT_THERE,
  'TELEGRAM_USER.BLOCKED': USER_NOT_THERE,
  'TELEGRAM_USER.NOT_APPROVED': USER_NOT_THERE,
  'TELEGRAM_USER.ALREADY_DECIDED': DECIDED,
  'TELEGRAM_USER.REASON_REQUIRED': FAILED,
  'TELEGRAM_CHAT.NOT_FOUND': FAILED,
};

const PERSONAL_DATA: Readonly<Record<PersonalDataErrorCode, BotRefusal>> = {
  // A decision racing a forget of the user: as `TELEGRAM_USER.FORGOTTEN`.
  'PERSONAL_DATA.SUBJECT_FORGOTTEN': USER_NOT_THERE,
};

// The features below have no bot command that writes (`/find` and `/whois` only read).

const EMPLOYEES: Readonly<Record<EmployeesErrorCode, BotRefusal>> = {
  'EMPLOYEE.NOT_FOUND': FAILED,
  'EMPLOYEE.ALREADY_EXISTS': FAILED,
  'EMPLOYEE.DISMISSED': FAILED,
  'EMPLOYEE.FORGOTTEN': FAILED,
  'EMPLOYEE.REASON_REQUIRED': FAILED,
  'EMPLOYEE.INVALID_FULL_NAME': FAILED,
  'EMPLOYEE.INVALID_POSITION': FAILED,
  'EMPLOYEE.INVALID_WORK_PHONE': FAILED,
  'EMPLOYEE.INVALID_MOBILE_PHONE': FAILED,
  'EMPLOYEE.INVALID_EXTENSION': FAILED,
  'EMPLOYEE.INVALID_EMAIL': FAILED,
  'EMPLOYEE.INVALID_ROOM': FAILED,
  'EMPLOYEE.INVALID_NOTES': FAILED,
  'DEPARTMENT.NOT_FOUND': FAILED,
  'DEPARTMENT.ALREADY_EXISTS': FAILED,
  'DEPARTMENT.CLOSED': FAILED,
  'DEPARTMENT.CYCLE': FAILED,
  'DEPARTMENT.TOO_DEEP': FAILED,
  'DEPARTMENT.NOT_EMPTY': FAILED,
  'DEPARTMENT.INVALID_NAME': FAILED,
  'WORKSTATION.NOT_FOUND': FAILED,
  'WORKSTATION.ALREADY_EXISTS': FAILED,
  'WORKSTATION.RETIRED': FAILED,
  'WORKSTATION.HOSTNAME_TAKEN': FAILED,
  'WORKSTATION.INVALID_HOSTNAME': FAILED,
  'WORKSTATION.INVALID_IP': FAILED,
  'WORKSTATION.INVALID_INVENTORY_NUMBER': FAILED,
  'IMPORT.CONFLICT': FAILED,
  'IMPORT.HEADERS_SETTING_INVALID': FAILED,
  'IMPORT.FILE_TOO_LARGE': FAILED,
  'IMPORT.NOT_A_WORKBOOK': FAILED,
  'IMPORT.ENCRYPTED': FAILED,
  'IMPORT.ZIP_BOMB': FAILED,
  'IMPORT.TOO_MANY_ROWS': FAILED,
  'IMPORT.TOO_MANY_COLUMNS': FAILED,
  'IMPORT.PARSE_TIMEOUT': FAILED,
  'IMPORT.PARSE_FAILED': FAILED,
  'IMPORT.NO_HEADER': FAILED,
};

const USERS: Readonly<Record<UsersErrorCode, BotRefusal>> = {
  'USER.NOT_FOUND': FAILED,
  'USER.ALREADY_EXISTS': FAILED,
  'USER.DISABLED': FAILED,
  'USER.ALREADY_ENABLED': FAILED,
  'USER.NOT_DISABLED': FAILED,
  'USER.REASON_REQUIRED': FAILED,
  'USER.PASSWORD_INVALID': FAILED,
  'USER.USERNAME_ALREADY_EXISTS': FAILED,
  'USER.USERNAME_LOOKALIKE_TAKEN': FAILED,
  'USER.USERNAME_MIXED_SCRIPTS': FAILED,
};

const AUTH: Readonly<Record<AuthErrorCode, BotRefusal>> = {
  'AUTH.UNAUTHENTICATED': FAILED,
  'AUTH.RATE_LIMITED': FAILED,
};

const SETTINGS: Readonly<Record<SettingsErrorCode, BotRefusal>> = {
  'SETTINGS.INVALID': FAILED,
};

const AUDIT: Readonly<Record<AuditErrorCode, BotRefusal>> = {
  'AUDIT.STREAM_NOT_FOUND': FAILED,
};

/** A server gone between the lookup by name and the command. */
const SERVER_GONE: BotRefusal = { reply: 'monitoringServerGone', button: 'monitoringServerGone' };
const MAINTENANCE_REFUSED: BotRefusal = { reply: 'maintenanceRefused', button: 'maintenanceRefused' };

/** `/ack` and `/maintenance` (#15) meet the server, maintenance and incident codes; the rest no bot command. */
const MONITORING: Readonly<Record<MonitoringErrorCode, BotRefusal>> = {
  'SERVER_GROUP.NOT_FOUND': FAILED,
  'SERVER_GROUP.ALREADY_EXISTS': FAILED,
  'SERVER_GROUP.REMOVED': FAILED,
  'SERVER_GROUP.NOT_EMPTY': FAILED,
  'SERVER_GROUP.FULL': FAILED,
  'SERVER_GROUP.INVALID_NAME': FAILED,
  'SERVER_GROUP.INVALID_ALERT_ROUTE': FAILED,
  'SERVER_GROUP.INVALID_QUIET_HOURS': FAILED,
  'SERVER_GROUP.INVALID_STATUS_RULE': FAILED,
  'SERVER.NOT_FOUND': SERVER_GONE,
  'SERVER.ALREADY_EXISTS': FAILED,
  'SERVER.REMOVED': SERVER_GONE,
  'SERVER.INVALID_NAME': FAILED,
  'SERVER.NAME_TAKEN': FAILED,
  'SERVER.INVALID_HOST': FAILED,
  'SERVER.PARENT_CYCLE': FAILED,
  'SERVER.TOO_DEEP': FAILED,
  'SERVER.NO_CHECKS': FAILED,
  'SERVER.TOO_MANY_CHECKS': FAILED,
  'CHECK.NOT_FOUND': FAILED,
  'CHECK.ALREADY_EXISTS': FAILED,
  'CHECK.INVALID_KIND': FAILED,
  'CHECK.INVALID_PORT': FAILED,
  'CHECK.INVALID_URL': FAILED,
  'CHECK.INVALID_METHOD': FAILED,
  'CHECK.INVALID_STATUS_RANGE': FAILED,
  'CHECK.INVALID_KEYWORD': FAILED,
  'CHECK.INVALID_JSON_PATH': FAILED,
  'CHECK.INVALID_TLS_WARNING': FAILED,
  'CHECK.INVALID_ADDRESS': FAILED,
  'CHECK.INVALID_INTERVAL': FAILED,
  'CHECK.INVALID_TIMEOUT': FAILED,
  'CHECK.INVALID_RETRIES': FAILED,
  'CHECK.INVALID_RETRY_INTERVAL': FAILED,
  'CHECK.INVALID_RESEND_INTERVAL': FAILED,
  'MAINTENANCE.NOT_FOUND': FAILED,
  'MAINTENANCE.ALREADY_EXISTS': MAINTENANCE_REFUSED,
  'MAINTENANCE.ENDED': FAILED,
  'MAINTENANCE.TARGET_NOT_FOUND': SERVER_GONE,
  'MAINTENANCE.INVALID_PERIOD': MAINTENANCE_REFUSED,
  'MAINTENANCE.INVALID_CRON': FAILED,
  'MAINTENANCE.INVALID_TIME_ZONE': FAILED,
  'MAINTENANCE.CRON_NEVER_FIRES': FAILED,
  'MAINTENANCE.INVALID_DURATION': MAINTENANCE_REFUSED,
  'MAINTENANCE.INVALID_REASON': MAINTENANCE_REFUSED,
  'INCIDENT.NOT_OPEN': { reply: 'incidentNotOpen', button: 'incidentNotOpen' },
};

const same = (key: TextKey): BotRefusal => ({ reply: key, button: key });

/**
 * The OTRS card's buttons and `/otrs_link`, the note conversation (#16) meet these; a ticket that came in
 * malformed or routing rules are the API's, not the bot's.
 */
const OTRS: Readonly<Record<OtrsErrorCode, BotRefusal>> = {
  'OTRS_TICKET.NOT_FOUND': same('otrsTicketNotFound'),
  'OTRS_TICKET.ALREADY_CLOSED': same('otrsTicketClosed'),
  'OTRS_TICKET.TAKEN_BY_OTHER': same('otrsTicketTakenByOther'),
  'OTRS_TICKET.ACTION_NOT_FOUND': FAILED,
  'OTRS_TICKET.INVALID_OBSERVATION': FAILED,
  'OTRS_TICKET.INVALID_QUEUE': same('otrsQueueInvalid'),
  'OTRS_TICKET.INVALID_STATE': FAILED,
  'OTRS_AGENT.NOT_LINKED': same('otrsNotLinked'),
  'OTRS_AGENT.SESSION_EXPIRED': same('otrsSessionExpired'),
  'OTRS_AGENT.ALREADY_LINKED': same('otrsAlreadyLinked'),
  'OTRS_AGENT.LOGIN_TAKEN': same('otrsLoginTaken'),
  'OTRS_AGENT.INVALID_LOGIN': same('otrsLoginInvalid'),
  'OTRS_AGENT.TARGET_NOT_LINKED': same('otrsTargetNotLinked'),
  'OTRS_NOTE.EMPTY': same('otrsNoteEmpty'),
  'OTRS_NOTE.TOO_LONG': same('otrsNoteTooLong'),
  'OTRS_NOTE.INVALID_TEXT': same('otrsNoteInvalid'),
  'OTRS_ROUTING.INVALID_RULE': FAILED,
  'OTRS_ROUTING.TOO_MANY_RULES': FAILED,
};

// The OTRS actions (take, note, close) answer with these; OTRS's own message is added by the action's reply.
const OTRS_GATEWAY: Readonly<Record<OtrsGatewayErrorCode, BotRefusal>> = {
  'OTRS.AUTH_FAILED': same('otrsAuthFailed'),
  'OTRS.SESSION_EXPIRED': same('otrsSessionExpired'),
  'OTRS.TICKET_NOT_FOUND': same('otrsTicketNotInOtrs'),
  'OTRS.UNAVAILABLE': same('otrsUnavailable'),
  'OTRS.REFUSED': same('otrsRefused'),
};

/** The answer to every domain code; a feature left out of the spread is a missing property. */
export const BOT_REFUSALS: Readonly<Record<DomainErrorCode, BotRefusal>> = {
  ...EMPLOYEES,
  ...USERS,
  ...AUTH,
  ...TELEGRAM,
  ...SETTINGS,
  ...AUDIT,
  ...PERSONAL_DATA,
  ...MONITORING,
  ...OTRS,
  ...OTRS_GATEWAY,
};
