import { ConfigError } from './config-error.ts';

/**
 * Loads `KEY=value` lines from `path` into `process.env` (Node's own parser, `process.loadEnvFile`).
 * Variables already set in the environment keep their values.
 *
 * @throws {ConfigError} when the file is missing or unreadable, naming the path.
 */
export function loadEnvFile(path: string): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') throw new ConfigError([`${path}: env file not found`]);
    if (typeof code === 'string') throw new ConfigError([`${path}: cannot read env file (${code})`]);
    throw error;
  }
}
