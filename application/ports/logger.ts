export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/** The logging the inner layers need; a pino logger satisfies it. */
export interface Logger {
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
}
