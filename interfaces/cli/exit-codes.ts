import { CommanderError } from 'commander';
import type { AuditErrorCode } from '../../domain/audit/index.ts';
import type { AuthErrorCode } from '../../domain/auth/index.ts';
import type { EmployeesErrorCode } from '../../domain/employees/index.ts';
import type { MonitoringErrorCode } from '../../domain/monitoring/index.ts';
import type { OtrsErrorCode, OtrsGatewayErrorCode } from '../../domain/otrs/index.ts';
import type { PersonalDataErrorCode } from '../../domain/personal-data/index.ts';
import type { SettingsErrorCode } from '../../domain/settings/index.ts';
import { DomainError, type DomainErrorCode } from '../../domain/shared/index.ts';
import type { TelegramErrorCode } from '../../domain/telegram/index.ts';
import type { UsersErrorCode } from '../../domain/users/index.ts';
import { ConfigError } from '../../infrastructure/config/index.ts';

/**
 * Exit codes of `tbot`: 0 done, 1 failed while working, 2 bad usage or configuration (nothing was done), 3 busy:
 * another operation holds what the command needs (nothing was done; try again once it is over).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, busy: 3 } as const;

/** The exit of a command refused with a domain code: 2 when what the operator typed is refused, 1 otherwise. */
export type RefusalExit = typeof EXIT.usage | typeof EXIT.failure;

const { usage, failure } = EXIT;

/*
 * One map per feature, each a `Record` over the feature's codes (as `problem-statuses.ts` does for HTTP): a code
 * added to a union does not compile until it is given an exit code here. 2: the command named someone who is
 * not there, or its input (a file, a name, a password, a reason) is refused, and nothing was done. 1: a
 * refusal met while working (the rows of an import against what exists, a concurrent import).
 */

const EMPLOYEES: Readonly<Record<EmployeesErrorCode, RefusalExit>> = {
  // `employees forget ID`: the id names nobody.
  'EMPLOYEE.NOT_FOUND': usage,
  'EMPLOYEE.ALREADY_EXISTS': failure,
  'EMPLOYEE.DISMISSED': failure,
  'EMPLOYEE.FORGOTTEN': failure,
  // The CLI asks for `--reason` itself (exit 2) before the command could refuse it.
  'EMPLOYEE.REASON_REQUIRED': usage,
  'EMPLOYEE.INVALID_FULL_NAME': failure,
  'EMPLOYEE.INVALID_POSITION': failure,
  'EMPLOYEE.INVALID_WORK_PHONE': failure,
  'EMPLOYEE.INVALID_MOBILE_PHONE': failure,
  'EMPLOYEE.INVALID_EXTENSION': failure,
  'EMPLOYEE.INVALID_EMAIL': failure,
  'EMPLOYEE.INVALID_ROOM': failure,
  'EMPLOYEE.INVALID_NOTES': failure,
  'DEPARTMENT.NOT_FOUND': failure,
  'DEPARTMENT.ALREADY_EXISTS': failure,
  'DEPARTMENT.CLOSED': failure,
  'DEPARTMENT.CYCLE': failure,
  'DEPARTMENT.TOO_DEEP': failure,
  'DEPARTMENT.NOT_EMPTY': failure,
  'DEPARTMENT.INVALID_NAME': failure,
  'WORKSTATION.NOT_FOUND': failure,
  'WORKSTATION.ALREADY_EXISTS': failure,
  'WORKSTATION.RETIRED': failure,
  'WORKSTATION.HOSTNAME_TAKEN': failure,
  'WORKSTATION.INVALID_HOSTNAME': failure,
  'WORKSTATION.INVALID_IP': failure,
  'WORKSTATION.INVALID_INVENTORY_NUMBER': failure,
  // Another import committed first: the file was fine.
  'IMPORT.CONFLICT': failure,
  // `import employees FILE`: the file (or the headers setting it is read with) refused as a whole.
  'IMPORT.HEADERS_SETTING_INVALID': usage,
  'IMPORT.FILE_TOO_LARGE': usage,
  'IMPORT.NOT_A_WORKBOOK': usage,
  'IMPORT.ENCRYPTED': usage,
  'IMPORT.ZIP_BOMB': usage,
  'IMPORT.TOO_MANY_ROWS': usage,
  'IMPORT.TOO_MANY_COLUMNS': usage,
  'IMPORT.PARSE_TIMEOUT': usage,
  'IMPORT.PARSE_FAILED': usage,
  'IMPORT.NO_HEADER': usage,
};

/** `users create-admin NAME` and `users forget NAME|ID`: every refusal is of what was typed. */
const USERS: Readonly<Record<UsersErrorCode, RefusalExit>> = {
  'USER.NOT_FOUND': usage,
  'USER.ALREADY_EXISTS': usage,
  'USER.DISABLED': usage,
  'USER.ALREADY_ENABLED': usage,
  'USER.NOT_DISABLED': usage,
  'USER.REASON_REQUIRED': usage,
  'USER.PASSWORD_INVALID': usage,
  'USER.USERNAME_ALREADY_EXISTS': usage,
  'USER.USERNAME_LOOKALIKE_TAKEN': usage,
  'USER.USERNAME_MIXED_SCRIPTS': usage,
};

const AUTH: Readonly<Record<AuthErrorCode, RefusalExit>> = {
  'AUTH.UNAUTHENTICATED': failure,
  'AUTH.RATE_LIMITED': failure,
};

const TELEGRAM: Readonly<Record<TelegramErrorCode, RefusalExit>> = {
  // `telegram forget ID`: the id names nobody.
  'TELEGRAM_USER.NOT_FOUND': usage,
  'TELEGRAM_USER.FORGOTTEN': failure,
  'TELEGRAM_USER.BLOCKED': failure,
  'TELEGRAM_USER.ALREADY_DECIDED': failure,
  'TELEGRAM_USER.NOT_APPROVED': failure,
  // As `EMPLOYEE.REASON_REQUIRED`: the CLI asks for the reason first.
  'TELEGRAM_USER.REASON_REQUIRED': usage,
  'TELEGRAM_CHAT.NOT_FOUND': failure,
};

const SETTINGS: Readonly<Record<SettingsErrorCode, RefusalExit>> = { 'SETTINGS.INVALID': failure };

const AUDIT: Readonly<Record<AuditErrorCode, RefusalExit>> = { 'AUDIT.STREAM_NOT_FOUND': failure };

const PERSONAL_DATA: Readonly<Record<PersonalDataErrorCode, RefusalExit>> = {
  // A write raced a forget of its person: met while working.
  'PERSONAL_DATA.SUBJECT_FORGOTTEN': failure,
};

const MONITORING: Readonly<Record<MonitoringErrorCode, RefusalExit>> = {
  // What a command names or is given is refused as usage, the rest fails. `monitoring import` meets these per
  // row: it lists them in its report (row, column, why) and exits 1.
  'SERVER_GROUP.NOT_FOUND': usage,
  'SERVER_GROUP.ALREADY_EXISTS': failure,
  'SERVER_GROUP.REMOVED': usage,
  'SERVER_GROUP.NOT_EMPTY': failure,
  'SERVER_GROUP.FULL': failure,
  'SERVER_GROUP.INVALID_NAME': usage,
  'SERVER_GROUP.INVALID_ALERT_ROUTE': usage,
  'SERVER_GROUP.INVALID_QUIET_HOURS': usage,
  'SERVER_GROUP.INVALID_STATUS_RULE': usage,
  'SERVER.NOT_FOUND': usage,
  'SERVER.ALREADY_EXISTS': failure,
  'SERVER.REMOVED': usage,
  'SERVER.INVALID_NAME': usage,
  'SERVER.NAME_TAKEN': failure,
  'SERVER.INVALID_HOST': usage,
  'SERVER.PARENT_CYCLE': usage,
  'SERVER.TOO_DEEP': usage,
  'SERVER.NO_CHECKS': usage,
  'SERVER.TOO_MANY_CHECKS': usage,
  'CHECK.NOT_FOUND': usage,
  'CHECK.ALREADY_EXISTS': failure,
  'CHECK.INVALID_KIND': usage,
  'CHECK.INVALID_PORT': usage,
  'CHECK.INVALID_URL': usage,
  'CHECK.INVALID_METHOD': usage,
  'CHECK.INVALID_STATUS_RANGE': usage,
  'CHECK.INVALID_KEYWORD': usage,
  'CHECK.INVALID_JSON_PATH': usage,
  'CHECK.INVALID_TLS_WARNING': usage,
  'CHECK.INVALID_ADDRESS': usage,
  'CHECK.INVALID_INTERVAL': usage,
  'CHECK.INVALID_TIMEOUT': usage,
  'CHECK.INVALID_RETRIES': usage,
  'CHECK.INVALID_RETRY_INTERVAL': usage,
  'CHECK.INVALID_RESEND_INTERVAL': usage,
  'MAINTENANCE.NOT_FOUND': usage,
  'MAINTENANCE.ALREADY_EXISTS': failure,
  'MAINTENANCE.ENDED': usage,
  'MAINTENANCE.TARGET_NOT_FOUND': usage,
  'MAINTENANCE.INVALID_PERIOD': usage,
  'MAINTENANCE.INVALID_CRON': usage,
  'MAINTENANCE.INVALID_TIME_ZONE': usage,
  'MAINTENANCE.CRON_NEVER_FIRES': usage,
  'MAINTENANCE.INVALID_DURATION': usage,
  'MAINTENANCE.INVALID_REASON': usage,
  'INCIDENT.NOT_OPEN': failure,
};

// No `tbot otrs` command exists yet: what an operator would type (a login, a queue, a note, rules) is 2.
const OTRS: Readonly<Record<OtrsErrorCode, RefusalExit>> = {
  'OTRS_TICKET.NOT_FOUND': usage,
  'OTRS_TICKET.ALREADY_CLOSED': failure,
  'OTRS_TICKET.TAKEN_BY_OTHER': failure,
  'OTRS_TICKET.ACTION_NOT_FOUND': usage,
  'OTRS_TICKET.INVALID_OBSERVATION': failure,
  'OTRS_TICKET.INVALID_QUEUE': usage,
  'OTRS_TICKET.INVALID_STATE': usage,
  'OTRS_AGENT.NOT_LINKED': usage,
  'OTRS_AGENT.SESSION_EXPIRED': failure,
  'OTRS_AGENT.ALREADY_LINKED': failure,
  'OTRS_AGENT.LOGIN_TAKEN': failure,
  'OTRS_AGENT.INVALID_LOGIN': usage,
  'OTRS_AGENT.TARGET_NOT_LINKED': usage,
  'OTRS_NOTE.EMPTY': usage,
  'OTRS_NOTE.TOO_LONG': usage,
  'OTRS_NOTE.INVALID_TEXT': usage,
  'OTRS_ROUTING.INVALID_RULE': usage,
  'OTRS_ROUTING.TOO_MANY_RULES': usage,
};

// No CLI command talks to OTRS yet; a wrong password or ticket id typed would be a usage error.
const OTRS_GATEWAY: Readonly<Record<OtrsGatewayErrorCode, RefusalExit>> = {
  'OTRS.AUTH_FAILED': usage,
  'OTRS.SESSION_EXPIRED': failure,
  'OTRS.TICKET_NOT_FOUND': usage,
  'OTRS.UNAVAILABLE': failure,
  'OTRS.REFUSED': failure,
};

/** The exit code of every domain code; a feature left out of the spread is a missing property. */
export const EXIT_BY_DOMAIN_CODE: Readonly<Record<DomainErrorCode, RefusalExit>> = {
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

/** The one place where an error becomes an exit code and a message for a person. */
export function describeFailure(error: unknown): { code: number; message: string } {
  if (error instanceof ConfigError) return { code: EXIT.usage, message: error.message };
  if (error instanceof CommanderError) return { code: EXIT.usage, message: '' };
  if (error instanceof UsageError) return { code: EXIT.usage, message: `tbot: ${error.message}` };
  if (error instanceof BusyError) return { code: EXIT.busy, message: `tbot: ${error.message}` };
  if (error instanceof DomainError) {
    return { code: EXIT_BY_DOMAIN_CODE[error.code], message: `tbot: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT.failure, message: `tbot: ${message}` };
}

/** A command line that asks for something impossible; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'CLI.USAGE';
}

/** Refused because another operation holds what the command needs (a rebuild of the same projection); exit code 3. */
export class BusyError extends Error {
  override readonly name = 'BusyError';
  readonly code = 'CLI.BUSY';
}
