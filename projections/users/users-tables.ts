import type { ColumnType, Generated } from 'kysely';
import type { UserRole } from '../../domain/users/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { quoteIdentifier } from '../../application/ports/projection-tables.ts';

/** Logical name of the users projector's one table (`core.users` when live). */
export const USERS = 'users';

/** A timestamp pg reads as a `Date`; written as the event's ISO `occurredAt`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** `core.users`: one row per web-admin user. `password_hash` is for login only: no query answers it. */
export interface UsersTable {
  user_id: string;
  username: string;
  role: UserRole;
  disabled: Generated<boolean>;
  password_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * The users read model as Kysely sees it (live table names). A type, not an interface: `withTables<T>()`, how
 * the runtime hands it the node's Kysely, wants an index-signature-compatible map, which interfaces are not.
 */
export type UsersDatabase = {
  'core.users': UsersTable;
};

/** Creates the users table under the given names (idempotent). */
export async function createUsersTables(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(USERS)} (
      user_id uuid primary key,
      username text not null,
      role text not null,
      disabled boolean not null default false,
      password_hash text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  const index = quoteIdentifier(`${tables.rawName(USERS)}_username`);
  await trx.query(`create unique index if not exists ${index} on ${tables.table(USERS)} (lower(username))`);
}
