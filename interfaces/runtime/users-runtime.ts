import type { Logger } from 'pino';
import { type PersonalDataKeys, makeForgetPerson } from '../../application/personal-data/index.ts';
import { type EventStore, randomIds } from '../../application/ports/index.ts';
import { type UserCommands, makeForgetUser, makeUserCommands } from '../../application/users/index.ts';
import type { Kysely } from 'kysely';
import type { UserDirectory } from '../../application/ports/index.ts';
import { argon2PasswordHasher } from '../../infrastructure/auth/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import { type UsersDatabase, userDirectoryQueries } from '../../projections/users/index.ts';
import { logForgetFollowUp } from './forget-follow-up-log.ts';

/** The web-admin users' commands, passwords hashed with argon2id, as the API and `tbot users` run them. */
export function makeUsersCommands(eventStore: EventStore): UserCommands {
  return makeUserCommands({ store: eventStore, hasher: argon2PasswordHasher, ids: randomIds });
}

/** The users read model's queries, as the API and `tbot users` read it. */
export function openUserDirectory(db: Kysely<Database>): UserDirectory {
  return userDirectoryQueries(db.withTables<UsersDatabase>());
}

export interface UserForgettingDeps {
  readonly eventStore: EventStore;
  readonly personalDataKeys: PersonalDataKeys;
  readonly logger: Logger;
}

/** The forgetting of a disabled web-admin user, as `tbot users forget` runs it. */
export function makeUserForgetting(deps: UserForgettingDeps) {
  return makeForgetUser({
    store: deps.eventStore,
    forgetPerson: makeForgetPerson({ keys: deps.personalDataKeys }),
    onFollowUpFailed: logForgetFollowUp(deps.logger),
  });
}
