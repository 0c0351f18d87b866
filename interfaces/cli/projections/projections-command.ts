import { Command } from 'commander';
import { reasonOption } from '../reason-option.ts';
import { type Format, formatOption, parsePosition } from './command-arguments.ts';
import { listAction } from './list-action.ts';
import { retryAction, skipAction } from './parked-actions.ts';
import { rebuildAction } from './rebuild-action.ts';
import { resetAction } from './reset-action.ts';
import { WATCH_INTERVAL_MS, statusAction } from './status-action.ts';

/** `tbot projections list|status|rebuild|reset|retry|skip`: read models, straight on the database. */
export function projectionsCommand(): Command {
  const command = new Command('projections')
    .description(
      'list projections, show their status, rebuild, reset, retry or skip (on the database; no node needed)',
    )
    // Before the subcommands, which copy these: a bad argument is a usage error (exit code 2), not an exit(1).
    .showHelpAfterError()
    .exitOverride();

  command
    .command('list')
    .description('every projection the code knows: version, event types, tables, and whether it started')
    .addOption(formatOption())
    .action((options: { format: Format }) => listAction(options));

  command
    .command('status')
    .argument('[name]', 'one projection (default: all)')
    .description(
      'state, checkpoint, head, lag, owner, lease, events/s; parked events; the oldest open transaction',
    )
    .option('--watch', `redraw every ${WATCH_INTERVAL_MS / 1000} s until Ctrl-C`)
    .addOption(formatOption())
    .action((name: string | undefined, options: { watch?: boolean; format: Format }) =>
      statusAction(name, options),
    );

  command
    .command('rebuild')
    .argument('<name>', 'the projection')
    .description('build the read model again beside the live one, which keeps serving, then switch to it')
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .addOption(reasonOption())
    .action((name: string, options: { yes?: boolean; reason?: string }) => rebuildAction(name, options));

  command
    .command('reset')
    .argument('<name>', 'the projection')
    .description('empty the live read model: its owner replays the log into it from the start')
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .addOption(reasonOption())
    .action((name: string, options: { yes?: boolean; reason?: string }) => resetAction(name, options));

  command
    .command('retry')
    .argument('<name>', 'the parked projection')
    .description('try the event a parked projection failed on again')
    .addOption(reasonOption())
    .action((name: string, options: { reason?: string }) => retryAction(name, options));

  command
    .command('skip')
    .argument('<name>', 'the parked projection')
    .description('move a parked projection past the event it failed on (recorded, never silent)')
    .requiredOption('--position <position>', 'the position of the event it is parked on', parsePosition)
    .addOption(reasonOption())
    .action((name: string, options: { position: bigint; reason?: string }) => skipAction(name, options));

  return command;
}
