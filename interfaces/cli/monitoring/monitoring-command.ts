import { Command } from 'commander';
import { monitoringImportCommand } from './import-command.ts';

/** `tbot monitoring ...`: server monitoring at the terminal. */
export function monitoringCommand(): Command {
  return new Command('monitoring').description('server monitoring').addCommand(monitoringImportCommand());
}
