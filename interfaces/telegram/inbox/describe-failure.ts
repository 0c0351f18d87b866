import { GrammyError, HttpError } from 'grammy';

/**
 * A failure as the inbox and the audit log keep it: the error's class and its code (a SQLSTATE, Telegram's
 * error code), never its message, which may quote what a user wrote or who they are.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof GrammyError) return `GrammyError ${error.error_code} in ${error.method}`;
  if (error instanceof HttpError) return 'HttpError';
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  const name = error.constructor.name || error.name;
  return typeof code === 'string' || typeof code === 'number' ? `${name} ${code}` : name;
}
