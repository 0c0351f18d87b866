import type { RecordedEvent } from '../../application/ports/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import { USER_EVENT_TYPES, type UserEvent } from '../../domain/users/index.ts';
import type {
  ProjectionTables,
  ProjectionTransaction,
  Projector,
} from '../../application/ports/projector.ts';
import { storableData } from '../storable-data.ts';
import { USERS, createUsersTables } from './users-tables.ts';

/**
 * `core.users`: one row per web-admin user, what login and the users API read. It holds the password hash
 * (login verifies against it); queries must never answer it.
 */
export const usersProjector: Projector = {
  name: 'users',
  // 2: user names read through their person's key and `UserForgotten` drops a row; an older node, which
  // reads neither, steps down instead of writing ciphertext or keeping a forgotten user.
  version: 2,
  schema: 'core',
  tables: [USERS],
  eventTypes: USER_EVENT_TYPES,

  createTables: createUsersTables,

  async apply(events, trx, tables) {
    // Users change a few times a day: one statement per event reads better than batching here.
    for (const event of events) await applyOne(event, trx, tables);
  },
};

async function applyOne(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const table = tables.table(USERS);
  const at = recorded.metadata.occurredAt;
  // The subscription delivers only USER_EVENT_TYPES. No user name in the log can fail the writes below.
  const event = { type: recorded.type, data: storableData(recorded.data) } as UserEvent;
  switch (event.type) {
    case 'UserCreated': {
      const { userId, username, role, passwordHash } = event.data;
      // A forgotten user's name reads as null (their key is gone): a rebuild keeps no row of them.
      if ((username as string | null) === null) return;
      await trx.query(
        `insert into ${table} (user_id, username, role, password_hash, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5)`,
        [userId, username, role, passwordHash, at],
      );
      return;
    }
    case 'UserRoleChanged':
      await trx.query(`update ${table} set role = $2, updated_at = $3 where user_id = $1`, [
        event.data.userId,
        event.data.to,
        at,
      ]);
      return;
    case 'UserDisabled':
      await trx.query(`update ${table} set disabled = true, updated_at = $2 where user_id = $1`, [
        event.data.userId,
        at,
      ]);
      return;
    case 'UserEnabled':
      await trx.query(`update ${table} set disabled = false, updated_at = $2 where user_id = $1`, [
        event.data.userId,
        at,
      ]);
      return;
    case 'UserPasswordReset':
      await trx.query(`update ${table} set password_hash = $2, updated_at = $3 where user_id = $1`, [
        event.data.userId,
        event.data.passwordHash,
        at,
      ]);
      return;
    case 'UserForgotten':
      await trx.query(`delete from ${table} where user_id = $1`, [event.data.userId]);
      return;
    default:
      assertNever(event);
  }
}
