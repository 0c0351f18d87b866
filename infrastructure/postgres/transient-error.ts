/**
 * True for errors that say the database is unreachable or momentarily refusing (connection lost, shutting
 * down, too many connections, serialization or deadlock), as opposed to an error in what was asked of it.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string')
    return /Connection terminated|timeout exceeded when trying to connect|not queryable/i.test(
      String((error as { message?: unknown }).message),
    );
  return (
    code.startsWith('08') || // connection exception
    code.startsWith('57P') || // admin shutdown, crash shutdown, cannot connect now
    code.startsWith('53') || // insufficient resources (too many connections, out of memory)
    code === '40001' || // serialization failure
    code === '40P01' || // deadlock detected
    code === '25P03' || // idle-in-transaction session timeout
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)
  );
}
