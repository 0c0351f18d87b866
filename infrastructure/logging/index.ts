export {
  createLogger,
  type CreateLoggerDeps,
  type CreateLoggerOptions,
  type Logger,
  type PrettyStreamFactory,
} from './create-logger.ts';
export { currentLogContext, withLogContext, type LogContext } from './log-context.ts';
export { databaseMessage, loggableError } from './loggable-error.ts';
export { redactUrl } from './redact-url.ts';
export { REDACT_PATHS, REDACTED } from './redaction.ts';
