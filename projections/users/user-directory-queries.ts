import type pg from 'pg';
import type { UserCredentials, UserDirectory, UserView } from '../../application/ports/index.ts';
import type { UserRole } from '../../domain/users/index.ts';

interface UserRow {
  user_id: string;
  username: string;
  role: UserRole;
  disabled: boolean;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

const VIEW_COLUMNS = 'user_id, username, role, disabled, created_at, updated_at';

const view = (row: Omit<UserRow, 'password_hash'>): UserView => ({
  userId: row.user_id,
  username: row.username,
  role: row.role,
  disabled: row.disabled,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

// Parameters, never concatenation: user names arrive from the login form.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queries of `core.users` (the `users` projection). */
export function postgresUserDirectory(pool: pg.Pool): UserDirectory {
  return {
    async list() {
      const { rows } = await pool.query<UserRow>(
        `select ${VIEW_COLUMNS} from core.users order by lower(username)`,
      );
      return rows.map(view);
    },
    async findById(userId) {
      if (!UUID.test(userId)) return null;
      const { rows } = await pool.query<UserRow>(
        `select ${VIEW_COLUMNS} from core.users where user_id = $1`,
        [userId],
      );
      return rows[0] ? view(rows[0]) : null;
    },
    async credentials(username): Promise<UserCredentials | null> {
      const { rows } = await pool.query<UserRow>(
        `select ${VIEW_COLUMNS}, password_hash from core.users where lower(username) = lower($1)`,
        [username],
      );
      const row = rows[0];
      return row ? { ...view(row), passwordHash: row.password_hash } : null;
    },
    async count() {
      const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from core.users');
      return rows[0]?.n ?? 0;
    },
  };
}
