import type { Command } from 'commander';
import type { UserDirectory } from '../../../application/ports/index.ts';
import { makeUserForgetting, openUserDirectory } from '../../runtime/users-runtime.ts';
import { UsageError } from '../exit-codes.ts';
import { forgetCommand } from '../forget-command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function userIdOf(users: UserDirectory, username: string): Promise<string> {
  const found = await users.findByUsername(username);
  if (!found) throw new UsageError(`no user ${username}`);
  return found.userId;
}

/** `tbot users forget NAME|ID --reason TEXT`: a disabled web-admin user's name made unreadable. */
export function usersForgetCommand(): Command {
  return forgetCommand({
    description:
      'forget a disabled web-admin user (152-FZ, GDPR): record UserForgotten, delete their data key (their user ' +
      'name and their name on everything they did become unreadable); core.users and the audit log drop them',
    argument: { name: '<user>', description: 'the user name or id' },
    reasonDescription: 'why (the request and its number): recorded, encrypted, with the event',
    question: (user) => `Forget user ${user}? Their name becomes unreadable for good.`,
    forget: async (runtime, logger, user, context) => {
      const userId = UUID.test(user) ? user : await userIdOf(openUserDirectory(runtime.database.db), user);
      const forgetUser = makeUserForgetting({
        eventStore: runtime.eventStore,
        personalDataKeys: runtime.personalDataKeys,
        logger,
      });
      const result = await forgetUser(userId, context);
      return { id: userId, recorded: result.events.length > 0 };
    },
    forgotten: (id) => `forgot user ${id}: their key is deleted; the read models scrub them as they catch up`,
    alreadyForgotten: (id) => `user ${id} was already forgotten`,
  });
}
