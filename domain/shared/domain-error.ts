/**
 * A refused command or a broken invariant. `code` is stable (`EMPLOYEE.NOT_FOUND`): each interface maps it to
 * its own answer (an HTTP status, a bot reply, an exit code) in one place.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
