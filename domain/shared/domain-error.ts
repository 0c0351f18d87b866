import type { AuditErrorCode } from '../audit/audit-error-codes.ts';
import type { AuthErrorCode } from '../auth/auth-error-codes.ts';
import type { EmployeesErrorCode } from '../employees/employees-error-codes.ts';
import type { MonitoringErrorCode } from '../monitoring/monitoring-error-codes.ts';
import type { OtrsErrorCode } from '../otrs/otrs-error-codes.ts';
import type { PersonalDataErrorCode } from '../personal-data/personal-data-error-codes.ts';
import type { SettingsErrorCode } from '../settings/settings-error-codes.ts';
import type { TelegramErrorCode } from '../telegram/telegram-error-codes.ts';
import type { UsersErrorCode } from '../users/users-error-codes.ts';
import type { OtrsGatewayErrorCode } from '../otrs/otrs-gateway-error-codes.ts';

/**
 * Every code a command is refused with: one union per feature, each in its feature's folder (files that import
 * nothing, so this one can gather them without a cycle). The interfaces map it exhaustively, so a new code
 * does not compile until each of them says what it answers.
 */
export type DomainErrorCode =
  | EmployeesErrorCode
  | UsersErrorCode
  | AuthErrorCode
  | TelegramErrorCode
  | SettingsErrorCode
  | AuditErrorCode
  | PersonalDataErrorCode
  | MonitoringErrorCode
  | OtrsErrorCode
  | OtrsGatewayErrorCode;

/**
 * A refused command or a broken invariant. `code` is stable (`EMPLOYEE.NOT_FOUND`): each interface maps it to
 * its own answer (an HTTP status, a bot reply, an exit code) in one place.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
