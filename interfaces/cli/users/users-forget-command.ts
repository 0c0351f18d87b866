import { plainTextArgument } from '../plain-text-argument.ts';
import { Command } from 'commander';
import type { UserDirectory } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import { makeUserForgetting, openUserDirectory } from '../../runtime/users-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { cliCommandContext, confirm } from '../operator.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function forget(user: string, options: { reason?: string; yes?: boolean }): Promise<void> {
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('say why with --reason (the request, its number): it goes in the log');
  const question = `Forget user ${user}? Their name becomes unreadable for good.`;
  if (!(await confirm(`forget ${user}`, question, options.yes))) {
    process.stderr.write('nothing done\n');
    return;
  }
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  try {
    const userId = UUID.test(user) ? user : await userIdOf(openUserDirectory(runtime.database.db), user);
    const forgetUser = makeUserForgetting({
      eventStore: runtime.eventStore,
      personalDataKeys: runtime.personalDataKeys,
      logger,
    });
    const result = await forgetUser(userId, cliCommandContext(reason));
    process.stdout.write(
      result.events.length > 0
        ? `forgot user ${userId}: their key is deleted; the read models scrub them as they catch up\n`
        : `user ${userId} was already forgotten\n`,
    );
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  } finally {
    await runtime.close();
  }
}

async function userIdOf(users: UserDirectory, username: string): Promise<string> {
  const found = await users.findByUsername(username);
  if (!found) throw new UsageError(`no user ${username}`);
  return found.userId;
}

/** `tbot users forget NAME|ID --reason TEXT`: a disabled web-admin user's name made unreadable. */
export function usersForgetCommand(): Command {
  return new Command('forget')
    .description(
      'forget a disabled web-admin user (152-FZ, GDPR): record UserForgotten, delete their data key (their user ' +
        'name and their name on everything they did become unreadable); core.users and the audit log drop them',
    )
    .argument('<user>', 'the user name or id')
    .requiredOption(
      '--reason <text>',
      'why (the request and its number): recorded, encrypted, with the event',
      plainTextArgument,
    )
    .option('--yes', 'do not ask for confirmation')
    .action(forget);
}
