import { pino, type DestinationStream, type LevelWithSilent, type Logger, type LoggerOptions } from 'pino';
import { currentLogContext } from './log-context.ts';
import { loggableError } from './loggable-error.ts';
import { REDACT_PATHS, REDACTED } from './redaction.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  readonly level: LevelWithSilent;
  /** Human-readable lines through pino-pretty (a devDependency); JSON lines otherwise. */
  readonly pretty: boolean;
  readonly nodeId: string;
  /** Where lines go; standard output by default. */
  readonly destination?: NodeJS.WritableStream;
}

/** Makes pino-pretty's stream writing to `destination` (a stream, or 1 for standard output). */
export type PrettyStreamFactory = (destination: NodeJS.WritableStream | 1) => DestinationStream;

export interface CreateLoggerDeps {
  /** Loads pino-pretty; replaced in tests to play a production install without it. */
  readonly loadPretty?: () => Promise<PrettyStreamFactory>;
}

/**
 * A pino logger that stamps each line with `nodeId` and the current `withLogContext` fields and replaces
 * secret-looking fields with `[redacted]`, and the query data of PostgreSQL errors too (see `loggableError`). When `pretty` is asked for but pino-pretty cannot be loaded
 * (a production install), it logs JSON and says so in a warning.
 */
export async function createLogger(
  options: CreateLoggerOptions,
  deps: CreateLoggerDeps = {},
): Promise<Logger> {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    base: { nodeId: options.nodeId, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    // A driver error's query data never reaches a line, however deep in causes it is (`loggableError`).
    serializers: { err: (error: unknown) => pino.stdSerializers.err(loggableError(error) as Error) },
    mixin: () => ({ ...currentLogContext() }),
  };
  const json = () => (options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions));
  if (!options.pretty) return json();

  try {
    const prettyStream = await (deps.loadPretty ?? loadPinoPretty)();
    return pino(pinoOptions, prettyStream(options.destination ?? 1));
  } catch (error) {
    const logger = json();
    logger.warn({ err: error }, 'LOG_PRETTY is set but pino-pretty is unavailable: logging JSON');
    return logger;
  }
}

async function loadPinoPretty(): Promise<PrettyStreamFactory> {
  // Imported only when asked for: pino-pretty is a devDependency, absent from production installs.
  const { build } = await import('pino-pretty');
  return (destination) => build({ destination, translateTime: 'SYS:standard' });
}
