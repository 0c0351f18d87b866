import { type Kysely, type Selectable, sql } from 'kysely';
import type { UserCredentials, UserDirectory, UserView } from '../../application/ports/index.ts';
import type { UsersDatabase, UsersTable } from './users-tables.ts';

const VIEW_COLUMNS = ['user_id', 'username', 'role', 'disabled', 'created_at', 'updated_at'] as const;

type ViewRow = Pick<Selectable<UsersTable>, (typeof VIEW_COLUMNS)[number]>;

const view = (row: ViewRow): UserView => ({
  userId: row.user_id,
  username: row.username,
  role: row.role,
  disabled: row.disabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

// `lower(username)`, as the unique index has it.
const byName = (username: string) => sql<boolean>`lower(username) = lower(${username})`;

// Parameters, never concatenation: user names arrive from the login form.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queries of `core.users` (the `users` projection). */
export function userDirectoryQueries(db: Kysely<UsersDatabase>): UserDirectory {
  const users = db.selectFrom('core.users');
  return {
    async list() {
      const rows = await users
        .select(VIEW_COLUMNS)
        .orderBy(sql`lower(username)`)
        .execute();
      return rows.map(view);
    },
    async findById(userId) {
      if (!UUID.test(userId)) return null;
      const row = await users.select(VIEW_COLUMNS).where('user_id', '=', userId).executeTakeFirst();
      return row ? view(row) : null;
    },
    async findByUsername(username) {
      const row = await users.select(VIEW_COLUMNS).where(byName(username)).executeTakeFirst();
      return row ? view(row) : null;
    },
    async credentials(username): Promise<UserCredentials | null> {
      const row = await users
        .select([...VIEW_COLUMNS, 'password_hash'])
        .where(byName(username))
        .executeTakeFirst();
      return row ? { ...view(row), passwordHash: row.password_hash } : null;
    },
    async count() {
      const row = await users.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
      return row?.n ?? 0;
    },
  };
}
