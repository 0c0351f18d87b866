/**
 * True for the errors ioredis gives a command while Redis is unreachable: its retries per request ran out,
 * its command timeout passed, or the connection closed under it; as opposed to an error in the command.
 */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /^(Command timed out|Connection is closed|Stream isn't writeable)/.test(error.message)
  );
}
