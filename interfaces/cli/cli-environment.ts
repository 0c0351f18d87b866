import type { Logger } from 'pino';
import { type Config, loadConfig } from '../../infrastructure/config/index.ts';
import { createLogger } from '../../infrastructure/logging/create-logger.ts';

export interface CliEnvironment {
  readonly config: Config;
  readonly logger: Logger;
}

/**
 * Loads the configuration and a logger for a command. Commands that print results log to standard error, so
 * that their standard output stays clean for pipes.
 */
export async function cliEnvironment(
  options: { overrides?: Record<string, string>; logTo?: 'stdout' | 'stderr' } = {},
): Promise<CliEnvironment> {
  const config = loadConfig({ ...process.env, ...options.overrides });
  const logger = await createLogger({
    level: config.log.level,
    pretty: config.log.pretty,
    nodeId: config.nodeId,
    ...(options.logTo === 'stderr' ? { destination: process.stderr } : {}),
  });
  for (const [setting, source] of Object.entries(config.secretSources)) {
    if (source !== 'absent') logger.debug({ setting, source }, 'secret loaded');
  }
  return { config, logger };
}
