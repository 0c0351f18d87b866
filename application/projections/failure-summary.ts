/** A name the schema or the code chose (a class, a code, a constraint): never a value a person typed. */
const IDENTIFIER = /^[A-Za-z_][\w.$:-]{0,62}$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** A class name, `name` if it was set to one (ours are), or the constructor's (pg names its errors `error`). */
function className(error: Error): string {
  const name = error.name && error.name !== 'Error' && error.name !== 'error' ? error.name : '';
  return name || error.constructor.name || 'Error';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const fields = error as Error & Record<string, unknown>;
  const parts = [className(error)];
  const code = fields['code'];
  // A PostgreSQL error carries its SQLSTATE as `code` and a `severity`.
  if (typeof code === 'string' && SQLSTATE.test(code) && 'severity' in fields) parts.push(`SQLSTATE ${code}`);
  else if (typeof code === 'string' && IDENTIFIER.test(code)) parts.push(code);
  for (const field of ['constraint', 'table', 'column'] as const) {
    const value = fields[field];
    if (typeof value === 'string' && IDENTIFIER.test(value)) parts.push(`${field} ${value}`);
  }
  return parts.join(' ');
}

/**
 * What a failure of an event may leave where it stays: in the parked projection's row, and from there in the
 * immutable `ProjectionRetried` / `ProjectionEventSkipped` events. The error's class and code, PostgreSQL's
 * SQLSTATE and the names of the constraint, table and column, with its cause's (one level), never a message
 * or a detail: those may quote the event's data (`invalid input syntax: "Ivanov"`), which a forget cannot
 * reach in an immutable event. The full error goes to the log (whose redaction drops PostgreSQL's detail).
 */
export function failureSummary(error: unknown): string {
  const summary = describe(error);
  const cause = error instanceof Error ? error.cause : undefined;
  return cause === undefined ? summary : `${summary} (cause: ${describe(cause)})`;
}
