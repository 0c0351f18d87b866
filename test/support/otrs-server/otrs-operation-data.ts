/** An operation's data (query string and JSON body together) and its answer, as GenericInterface has them. */
export type OperationData = Readonly<Record<string, unknown>>;
export type OperationAnswer = Record<string, unknown>;

/** Znuny answers an operation error with HTTP 200 and this body. */
export const operationError = (code: string, message: string): OperationAnswer => ({
  Error: { ErrorCode: code, ErrorMessage: message },
});

/** A parameter as text: what a query string or JSON scalar holds; anything else counts as empty. */
export const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
