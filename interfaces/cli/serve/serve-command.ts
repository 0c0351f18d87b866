import { Command } from 'commander';
import { startNode } from '../../runtime/serve.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { version } from '../version.ts';

/** `tbot serve`: runs a node until SIGINT or SIGTERM, then stops everything it started. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run a TBot node (HTTP API; embedded PostgreSQL unless DATABASE_URL is set)')
    .option('--roles <roles>', 'duties of this node, comma-separated: api,bot,workers (overrides ROLES)')
    .action(async (options: { roles?: string }) => {
      const { config, logger } = await cliEnvironment(
        options.roles ? { overrides: { ROLES: options.roles } } : {},
      );
      for (const [setting, source] of Object.entries(config.secretSources)) {
        if (source !== 'absent') logger.info({ setting, source }, 'secret source');
      }
      const node = await startNode(config, logger, version);
      await new Promise<void>((resolve) => {
        const shutdown = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'stopping');
          // A second signal while stopping means "now".
          process.once(signal, () => process.exit(130));
          node.stop().then(resolve, (error: unknown) => {
            logger.error({ err: error }, 'stop failed');
            resolve();
          });
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
      logger.info('stopped');
    });
}
