import { CommanderError } from 'commander';
import { ConfigError } from '../../infrastructure/config/index.ts';

/**
 * Exit codes of `tbot`: 0 done, 1 failed while working, 2 bad usage or configuration (nothing was done), 3 busy:
 * another operation holds what the command needs (nothing was done; try again once it is over).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, busy: 3 } as const;

/** The one place where an error becomes an exit code and a message for a person. */
export function describeFailure(error: unknown): { code: number; message: string } {
  if (error instanceof ConfigError) return { code: EXIT.usage, message: error.message };
  if (error instanceof CommanderError) return { code: EXIT.usage, message: '' };
  if (error instanceof UsageError) return { code: EXIT.usage, message: `tbot: ${error.message}` };
  if (error instanceof BusyError) return { code: EXIT.busy, message: `tbot: ${error.message}` };
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
