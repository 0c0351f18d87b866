import type { OtrsGatewayErrorCode } from '../../domain/otrs/index.ts';
import { DomainError } from '../../domain/shared/index.ts';

/** The GenericTicketConnector operations TBot calls. */
export type OtrsOperation =
  'SessionCreate' | 'TicketSearch' | 'TicketGet' | 'TicketUpdate' | 'TicketHistoryGet';

/** The longest piece of OTRS's own message an error keeps. */
export const MAX_OTRS_MESSAGE_LENGTH = 300;

// `<Operation>.<Reason>` reasons by which OTRS says the ticket is not there for this agent: it answers
// AccessDenied for a ticket that does not exist as well as for one the agent may not see.
const NOT_FOUND_REASONS = new Set(['AccessDenied', 'NotValidTicketID', 'NotTicketData']);

/**
 * OTRS's message, safe to keep and show: control characters blanked, whitespace collapsed, any credential of
 * the call (`secrets`: the session id, a password) cut out in case OTRS echoes it, at most
 * `MAX_OTRS_MESSAGE_LENGTH` characters.
 */
export function sanitiseOtrsMessage(message: unknown, secrets: readonly string[] = []): string {
  let text = typeof message === 'string' ? message : '';
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  text = text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]|\p{Cs}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length > MAX_OTRS_MESSAGE_LENGTH
    ? `${chars.slice(0, MAX_OTRS_MESSAGE_LENGTH - 1).join('')}…`
    : text;
}

/** Which stable code an operation error (HTTP 200 with `{"Error": {...}}`) stands for. */
export function operationErrorCode(
  operation: OtrsOperation,
  otrsErrorCode: string,
): Exclude<OtrsGatewayErrorCode, 'OTRS.UNAVAILABLE'> {
  const reason = otrsErrorCode.slice(otrsErrorCode.indexOf('.') + 1);
  // Every call but SessionCreate authenticates with a session id: refused, the session is over (OTRS says
  // AuthFail for an unknown, an expired and a killed session alike).
  if (reason === 'AuthFail')
    return operation === 'SessionCreate' ? 'OTRS.AUTH_FAILED' : 'OTRS.SESSION_EXPIRED';
  if (operation !== 'SessionCreate' && operation !== 'TicketSearch' && NOT_FOUND_REASONS.has(reason)) {
    return 'OTRS.TICKET_NOT_FOUND';
  }
  return 'OTRS.REFUSED';
}

const MESSAGES: Readonly<Record<OtrsGatewayErrorCode, string>> = {
  'OTRS.AUTH_FAILED': 'OTRS refused the login and password',
  'OTRS.SESSION_EXPIRED': 'The OTRS session has ended; log in again',
  'OTRS.TICKET_NOT_FOUND': 'No such ticket in OTRS, or the agent may not see it',
  'OTRS.UNAVAILABLE': 'OTRS is unavailable',
  'OTRS.REFUSED': 'OTRS refused the operation',
};

/**
 * The `DomainError` of an operation error. Its context holds the operation, OTRS's own code and its sanitised
 * message (`otrsMessage`), never a credential.
 */
export function operationError(
  operation: OtrsOperation,
  error: { readonly ErrorCode?: unknown; readonly ErrorMessage?: unknown },
  secrets: readonly string[],
): DomainError {
  const otrsCode = sanitiseOtrsMessage(error.ErrorCode, secrets).slice(0, 100);
  const otrsMessage = sanitiseOtrsMessage(error.ErrorMessage, secrets);
  const code = operationErrorCode(operation, otrsCode);
  const message =
    code === 'OTRS.REFUSED' && otrsMessage !== '' ? `${MESSAGES[code]}: ${otrsMessage}` : MESSAGES[code];
  return new DomainError(code, message, { operation, otrsCode, otrsMessage });
}

/** Why OTRS did not answer as a web service, for logs and metrics. */
export type UnavailableReason = 'timeout' | 'connection' | 'bad_answer' | 'circuit_open';

/** `OTRS.UNAVAILABLE`, with why (`reason`) and, for a bad answer, what came (`detail`: a status, a type). */
export function unavailableError(
  operation: OtrsOperation,
  reason: UnavailableReason,
  detail?: string,
): DomainError {
  return new DomainError(
    'OTRS.UNAVAILABLE',
    `${MESSAGES['OTRS.UNAVAILABLE']} (${reason}${detail ? `: ${detail}` : ''})`,
    {
      operation,
      reason,
      ...(detail === undefined ? {} : { detail }),
    },
  );
}
