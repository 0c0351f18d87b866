type LogMethod = {
  (obj: object, msg?: string): void;
  (msg: string): void;
};

/** The few logger methods the embedded server needs; a pino logger satisfies it. */
export interface EmbeddedLogger {
  readonly debug: LogMethod;
  readonly info: LogMethod;
  readonly error: LogMethod;
}
