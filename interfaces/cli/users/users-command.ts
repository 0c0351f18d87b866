import { Command } from 'commander';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import { makeUsersCommands } from '../../runtime/users-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { cliCommandContext } from '../operator.ts';
import { readNewPassword } from './read-password.ts';
import { usersForgetCommand } from './users-forget-command.ts';

/** `tbot users create-admin NAME`: the first admin (or another), straight on the event store. */
export function usersCommand(): Command {
  const users = new Command('users').description('web admin users');
  users
    .command('create-admin')
    .description(
      'create an admin user; the password comes from stdin, or is asked twice when stdin is a terminal',
    )
    .argument('<name>', 'user name')
    .action(async (name: string) => {
      if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) {
        throw new UsageError('a user name has 1-64 letters, digits, and . _ @ - only');
      }
      const password = await readNewPassword();
      const { config, logger } = await cliEnvironment();
      // Migrated (before a first `tbot serve` the tables may not exist), and the protected store: the user
      // name is personal data, encrypted with the user's key like every other write's.
      const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
      try {
        const commands = makeUsersCommands(runtime.eventStore);
        const { userId } = await commands.createUser(
          { username: name, password, role: 'admin' },
          cliCommandContext(),
        );
        process.stdout.write(`created admin ${name} (${userId})\n`);
      } finally {
        await runtime.close();
      }
    });
  users.addCommand(usersForgetCommand());
  return users;
}
