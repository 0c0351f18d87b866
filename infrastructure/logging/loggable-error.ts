/**
 * The fields of PostgreSQL's error report (as `pg` copies them onto its `DatabaseError`) that carry the data
 * a statement failed on: `detail` (`Key (email)=(…) already exists`), `where` (`JSON data, line 1: {"name":…`,
 * `unnamed portal parameter $1 = '…'`), `hint`, `internalQuery` (the SQL of a function, with its values), and
 * what a wrapper may add (`parameters`, `query`). The class, SQLSTATE, severity, routine and object names stay.
 */
const DATA_FIELDS = ['detail', 'where', 'hint', 'internalQuery', 'internalPosition', 'parameters', 'query'];

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** How deep causes are followed: a cycle or a crafted chain ends here. */
const MAX_DEPTH = 8;

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly stack?: unknown;
  readonly code?: unknown;
  readonly severity?: unknown;
}

const isErrorLike = (value: unknown): value is ErrorLike & object =>
  value instanceof Error ||
  (typeof value === 'object' && value !== null && 'message' in value && 'stack' in value);

/** A PostgreSQL error report: an SQLSTATE code with a severity (`ERROR`, `FATAL`). */
const isDatabaseError = (error: ErrorLike): boolean =>
  typeof error.code === 'string' && SQLSTATE.test(error.code) && typeof error.severity === 'string';

/**
 * The message of a PostgreSQL error up to its first `": "`: after it, messages quote the input
 * (`invalid input syntax for type uuid: "…"`, `invalid byte sequence for encoding "UTF8": 0xd0 0x20`).
 */
export function databaseMessage(message: string): string {
  const cut = message.indexOf(': ');
  return cut === -1 ? message : `${message.slice(0, cut)}: [redacted]`;
}

/**
 * `error` fit for a log line: a PostgreSQL error (itself, its `cause`, or one of an `AggregateError`'s) loses
 * the fields and the part of its message (and so of its stack's first line) that carry query data; any other
 * error is kept as it is. Applied by the logger to every `err` field, and by the HTTP error handler.
 */
export function loggableError(error: unknown, depth = 0): unknown {
  if (!isErrorLike(error) || depth > MAX_DEPTH) return error;
  const cause = (error as { cause?: unknown }).cause;
  const errors = (error as { errors?: unknown }).errors;
  const database = isDatabaseError(error);
  if (!database && !isErrorLike(cause) && !Array.isArray(errors)) return error;

  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    if (!(database && DATA_FIELDS.includes(key))) copy[key] = (error as Record<string, unknown>)[key];
  }
  const message = typeof error.message === 'string' ? error.message : '';
  const shown = database ? databaseMessage(message) : message;
  const stack = typeof error.stack === 'string' ? error.stack : '';
  // The stack's first lines repeat the message: only the frames follow it.
  const frames = stack.includes(message) ? stack.slice(stack.indexOf(message) + message.length) : '';
  const safe = Object.assign(new Error(shown), copy, {
    name: typeof error.name === 'string' ? error.name : 'Error',
    stack: `${typeof error.name === 'string' ? error.name : 'Error'}: ${shown}${frames}`,
  }) as Error & Record<string, unknown>;
  // The type pino reports is the constructor's name.
  Object.defineProperty(safe, 'constructor', { value: error.constructor, enumerable: false });
  if (isErrorLike(cause)) safe.cause = loggableError(cause, depth + 1);
  if (Array.isArray(errors)) safe['errors'] = errors.map((inner) => loggableError(inner, depth + 1));
  return safe;
}
