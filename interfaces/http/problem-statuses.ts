import type { WrongExpectedRevisionError } from '../../application/ports/event-store-errors.ts';
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
import type { TransientStoreError } from '../../application/ports/projection-store.ts';

/**
 * The statuses a code can answer with: 422 a refused command (the default of a business rule), 401 not
 * signed in, 404 nothing by that id, 409 a clash with what exists, 429 slow down, 503 retry later.
 */
export type CodeStatus = 401 | 404 | 409 | 422 | 429 | 503;

/*
 * One map per feature, each a `Record` over the feature's codes: a code added to a union does not compile
 * until it is given a status here, and a misspelt key is an excess property.
 */

const EMPLOYEES: Readonly<Record<EmployeesErrorCode, CodeStatus>> = {
  'EMPLOYEE.NOT_FOUND': 404,
  'EMPLOYEE.ALREADY_EXISTS': 409,
  'EMPLOYEE.DISMISSED': 422,
  'EMPLOYEE.FORGOTTEN': 422,
  'EMPLOYEE.REASON_REQUIRED': 422,
  'EMPLOYEE.INVALID_FULL_NAME': 422,
  'EMPLOYEE.INVALID_POSITION': 422,
  'EMPLOYEE.INVALID_WORK_PHONE': 422,
  'EMPLOYEE.INVALID_MOBILE_PHONE': 422,
  'EMPLOYEE.INVALID_EXTENSION': 422,
  'EMPLOYEE.INVALID_EMAIL': 422,
  'EMPLOYEE.INVALID_ROOM': 422,
  'EMPLOYEE.INVALID_NOTES': 422,
  'DEPARTMENT.NOT_FOUND': 404,
  'DEPARTMENT.ALREADY_EXISTS': 409,
  'DEPARTMENT.CLOSED': 422,
  'DEPARTMENT.CYCLE': 422,
  'DEPARTMENT.TOO_DEEP': 422,
  'DEPARTMENT.NOT_EMPTY': 409,
  'DEPARTMENT.INVALID_NAME': 422,
  'WORKSTATION.NOT_FOUND': 404,
  'WORKSTATION.ALREADY_EXISTS': 409,
  'WORKSTATION.RETIRED': 422,
  'WORKSTATION.HOSTNAME_TAKEN': 409,
  'WORKSTATION.INVALID_HOSTNAME': 422,
  'WORKSTATION.INVALID_IP': 422,
  'WORKSTATION.INVALID_INVENTORY_NUMBER': 422,
  'IMPORT.CONFLICT': 409,
  'IMPORT.HEADERS_SETTING_INVALID': 422,
  // A workbook refused while it is read; the upload's own size limit answers 413 before (`upload-body.ts`).
  'IMPORT.FILE_TOO_LARGE': 422,
  'IMPORT.NOT_A_WORKBOOK': 422,
  'IMPORT.ENCRYPTED': 422,
  'IMPORT.ZIP_BOMB': 422,
  'IMPORT.TOO_MANY_ROWS': 422,
  'IMPORT.TOO_MANY_COLUMNS': 422,
  'IMPORT.PARSE_TIMEOUT': 422,
  'IMPORT.PARSE_FAILED': 422,
  'IMPORT.NO_HEADER': 422,
};

const USERS: Readonly<Record<UsersErrorCode, CodeStatus>> = {
  'USER.NOT_FOUND': 404,
  'USER.ALREADY_EXISTS': 409,
  'USER.DISABLED': 422,
  'USER.ALREADY_ENABLED': 422,
  'USER.NOT_DISABLED': 422,
  'USER.REASON_REQUIRED': 422,
  'USER.PASSWORD_INVALID': 422,
  'USER.USERNAME_ALREADY_EXISTS': 409,
  'USER.USERNAME_LOOKALIKE_TAKEN': 409,
  'USER.USERNAME_MIXED_SCRIPTS': 422,
};

const AUTH: Readonly<Record<AuthErrorCode, CodeStatus>> = {
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.RATE_LIMITED': 429,
};

const TELEGRAM: Readonly<Record<TelegramErrorCode, CodeStatus>> = {
  'TELEGRAM_USER.NOT_FOUND': 404,
  'TELEGRAM_USER.FORGOTTEN': 422,
  'TELEGRAM_USER.BLOCKED': 422,
  'TELEGRAM_USER.ALREADY_DECIDED': 422,
  'TELEGRAM_USER.NOT_APPROVED': 422,
  'TELEGRAM_USER.REASON_REQUIRED': 422,
  'TELEGRAM_CHAT.NOT_FOUND': 404,
};

const SETTINGS: Readonly<Record<SettingsErrorCode, CodeStatus>> = { 'SETTINGS.INVALID': 422 };

const AUDIT: Readonly<Record<AuditErrorCode, CodeStatus>> = { 'AUDIT.STREAM_NOT_FOUND': 404 };

const PERSONAL_DATA: Readonly<Record<PersonalDataErrorCode, CodeStatus>> = {
  'PERSONAL_DATA.SUBJECT_FORGOTTEN': 422,
};

const MONITORING: Readonly<Record<MonitoringErrorCode, CodeStatus>> = {
  'SERVER_GROUP.NOT_FOUND': 404,
  'SERVER_GROUP.ALREADY_EXISTS': 409,
  'SERVER_GROUP.REMOVED': 422,
  'SERVER_GROUP.NOT_EMPTY': 409,
  'SERVER_GROUP.FULL': 422,
  'SERVER_GROUP.INVALID_NAME': 422,
  'SERVER_GROUP.INVALID_ALERT_ROUTE': 422,
  'SERVER_GROUP.INVALID_QUIET_HOURS': 422,
  'SERVER_GROUP.INVALID_STATUS_RULE': 422,
  'SERVER.NOT_FOUND': 404,
  'SERVER.ALREADY_EXISTS': 409,
  'SERVER.REMOVED': 422,
  'SERVER.INVALID_NAME': 422,
  'SERVER.NAME_TAKEN': 409,
  'SERVER.INVALID_HOST': 422,
  'SERVER.PARENT_CYCLE': 422,
  'SERVER.TOO_DEEP': 422,
  'SERVER.NO_CHECKS': 422,
  'SERVER.TOO_MANY_CHECKS': 422,
  'CHECK.NOT_FOUND': 404,
  'CHECK.ALREADY_EXISTS': 409,
  'CHECK.INVALID_KIND': 422,
  'CHECK.INVALID_PORT': 422,
  'CHECK.INVALID_URL': 422,
  'CHECK.INVALID_METHOD': 422,
  'CHECK.INVALID_STATUS_RANGE': 422,
  'CHECK.INVALID_KEYWORD': 422,
  'CHECK.INVALID_JSON_PATH': 422,
  'CHECK.INVALID_TLS_WARNING': 422,
  'CHECK.INVALID_ADDRESS': 422,
  'CHECK.INVALID_INTERVAL': 422,
  'CHECK.INVALID_TIMEOUT': 422,
  'CHECK.INVALID_RETRIES': 422,
  'CHECK.INVALID_RETRY_INTERVAL': 422,
  'CHECK.INVALID_RESEND_INTERVAL': 422,
  'MAINTENANCE.NOT_FOUND': 404,
  'MAINTENANCE.ALREADY_EXISTS': 409,
  'MAINTENANCE.ENDED': 422,
  'MAINTENANCE.TARGET_NOT_FOUND': 404,
  'MAINTENANCE.INVALID_PERIOD': 422,
  'MAINTENANCE.INVALID_CRON': 422,
  'MAINTENANCE.INVALID_TIME_ZONE': 422,
  'MAINTENANCE.CRON_NEVER_FIRES': 422,
  'MAINTENANCE.INVALID_DURATION': 422,
  'MAINTENANCE.INVALID_REASON': 422,
  'INCIDENT.NOT_OPEN': 409,
};

const OTRS: Readonly<Record<OtrsErrorCode, CodeStatus>> = {
  'OTRS_TICKET.NOT_FOUND': 404,
  'OTRS_TICKET.ALREADY_CLOSED': 409,
  'OTRS_TICKET.TAKEN_BY_OTHER': 409,
  'OTRS_TICKET.ACTION_NOT_FOUND': 404,
  'OTRS_TICKET.INVALID_OBSERVATION': 422,
  'OTRS_TICKET.INVALID_QUEUE': 422,
  'OTRS_TICKET.INVALID_STATE': 422,
  'OTRS_AGENT.NOT_LINKED': 422,
  'OTRS_AGENT.SESSION_EXPIRED': 422,
  'OTRS_AGENT.ALREADY_LINKED': 409,
  'OTRS_AGENT.LOGIN_TAKEN': 409,
  'OTRS_AGENT.INVALID_LOGIN': 422,
  'OTRS_AGENT.TARGET_NOT_LINKED': 422,
  'OTRS_NOTE.EMPTY': 422,
  'OTRS_NOTE.TOO_LONG': 422,
  'OTRS_NOTE.INVALID_TEXT': 422,
  'OTRS_ROUTING.INVALID_RULE': 422,
  'OTRS_ROUTING.TOO_MANY_RULES': 422,
};

// OTRS's own refusals are the client's to fix (422); an OTRS that does not answer is a retry later (503).
const OTRS_GATEWAY: Readonly<Record<OtrsGatewayErrorCode, CodeStatus>> = {
  'OTRS.AUTH_FAILED': 422,
  'OTRS.SESSION_EXPIRED': 422,
  'OTRS.TICKET_NOT_FOUND': 404,
  'OTRS.UNAVAILABLE': 503,
  'OTRS.REFUSED': 422,
};

/** The status of every domain code; a feature left out of the spread is a missing property. */
export const STATUS_BY_DOMAIN_CODE: Readonly<Record<DomainErrorCode, CodeStatus>> = {
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

/** Codes of faults that are not refused commands but still tell the client what to do (retry, re-read). */
export type FaultCode = WrongExpectedRevisionError['code'] | TransientStoreError['code'];

/** The status of each fault code; every other fault is a 500. */
export const STATUS_BY_FAULT_CODE: Readonly<Record<FaultCode, CodeStatus>> = {
  'EVENT_STORE.WRONG_EXPECTED_REVISION': 409,
  'PROJECTIONS.STORE_UNAVAILABLE': 503,
};
