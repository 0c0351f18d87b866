import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields that identify the request or command being handled (`requestId`, `correlationId`, ...). */
export type LogContext = Readonly<Record<string, string | number | boolean>>;

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `fields` added to every log line written during it, across awaits. Nested calls add to
 * (and may override) the outer context; it ends when `fn` (or the promise it returns) does.
 */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...currentLogContext(), ...fields }, fn);
}

/** The fields of the innermost `withLogContext`, or none outside one. */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
