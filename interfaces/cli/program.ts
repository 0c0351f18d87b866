import { Command } from 'commander';
import { loadEnvFile } from '../../infrastructure/config/index.ts';
import { auditCommand } from './audit/audit-command.ts';
import { dbCommand } from './db/db-command.ts';
import { migrateCommand } from './db/migrate-command.ts';
import { employeesCommand } from './employees/employees-command.ts';
import { importCommand } from './employees/import-command.ts';
import { monitoringCommand } from './monitoring/monitoring-command.ts';
import { projectionsCommand } from './projections/projections-command.ts';
import { serveCommand } from './serve/serve-command.ts';
import { telegramCommand } from './telegram/telegram-command.ts';
import { usersCommand } from './users/users-command.ts';
import { terminalLines } from './terminal-text.ts';
import { version } from './version.ts';

/** The `tbot` command line: global options, then one subcommand per capability. */
export function createProgram(): Command {
  const program = new Command('tbot')
    .description('TBot: the IT department backend (Telegram bot, web admin, monitoring, helpdesk, audit)')
    .version(version, '-V, --version')
    .option('--env-file <path>', 'read settings from this file before the environment is checked')
    .showHelpAfterError()
    // Commander quotes the arguments it refuses: escaped like every other message.
    .configureOutput({ outputError: (text, write) => write(terminalLines(text)) })
    .exitOverride();

  program.hook('preAction', () => {
    const { envFile } = program.opts<{ envFile?: string }>();
    if (envFile) loadEnvFile(envFile);
  });

  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(projectionsCommand());
  program.addCommand(auditCommand());
  program.addCommand(usersCommand());
  program.addCommand(importCommand());
  program.addCommand(employeesCommand());
  program.addCommand(monitoringCommand());
  program.addCommand(telegramCommand());
  program.addCommand(dbCommand());
  exitOverrideEverywhere(program);
  return program;
}

/**
 * Commands built on their own and added do not inherit `exitOverride`: without it, commander exits 1 on a
 * usage error (a missing argument or option) where `tbot` promises 2.
 */
function exitOverrideEverywhere(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideEverywhere(sub);
}
